package io.middlemile.web.console;

import io.middlemile.cluster.ClusterStatus;
import io.middlemile.cluster.NodeStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.List;

/**
 * The cluster's engine nodes, as `middlemile cluster status` shows them: each node's heartbeat, the jobs it runs now,
 * its latest run, and the dead ones marked with what happens to their work. Read only; reloads itself every
 * {@value #REFRESH_SECONDS} s (a meta refresh: the console runs no script).
 */
@Controller
class ClusterPage {

    static final int REFRESH_SECONDS = 10;

    private final ClusterStatus cluster;

    ClusterPage(ClusterStatus cluster) {
        this.cluster = cluster;
    }

    @GetMapping("/console/cluster")
    String page(Model model) {
        List<NodeStatus> nodes = cluster.nodes();
        model.addAttribute("nodes", nodes);
        model.addAttribute("running", nodes.stream().filter(NodeStatus::running).count());
        model.addAttribute("refreshSeconds", REFRESH_SECONDS);
        return "console/cluster";
    }
}

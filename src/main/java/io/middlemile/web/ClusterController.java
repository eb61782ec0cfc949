package io.middlemile.web;

import io.middlemile.cluster.ClusterStatus;
import io.middlemile.cluster.NodeStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * The cluster's nodes over HTTP, as `middlemile cluster status` lists them: heartbeats, the jobs each runs, its latest
 * run, and which are dead. Read only, so any token may read it. An engine that is not part of a cluster has none.
 */
@RestController
public class ClusterController {

    private final ClusterStatus cluster;

    public ClusterController(ClusterStatus cluster) {
        this.cluster = cluster;
    }

    @GetMapping("/api/cluster/nodes")
    public List<NodeStatus> nodes() {
        return cluster.nodes();
    }
}

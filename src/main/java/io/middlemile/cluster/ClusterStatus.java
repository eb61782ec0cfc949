package io.middlemile.cluster;

import io.middlemile.store.ClusterNode;
import io.middlemile.store.NodeStore;
import io.middlemile.store.RunStore;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;

/**
 * The cluster's nodes as the registry holds them ({@link NodeStore#nodes}, the query `middlemile cluster status` reads),
 * each with the latest run it ran, for the console and the REST API. Present in every engine: one that is not part of a
 * cluster simply has no node to show.
 */
@Component
public class ClusterStatus {

    /** Nodes that last beat longer ago than this are left out. */
    public static final Duration SHOWN = Duration.ofHours(24);

    private final NodeStore nodes;
    private final RunStore runs;

    public ClusterStatus(NodeStore nodes, RunStore runs) {
        this.nodes = nodes;
        this.runs = runs;
    }

    /** Every node that beat in the last {@link #SHOWN}, running ones first, then by id. */
    public List<NodeStatus> nodes() {
        return nodes.nodes(SHOWN).stream().map(this::status).toList();
    }

    private NodeStatus status(ClusterNode node) {
        return NodeStatus.of(node, runs.latestOf(RunStore.process(node.host(), node.pid())).orElse(null));
    }
}

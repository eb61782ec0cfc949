package io.middlemile.cluster;

import io.middlemile.store.ClusterNode;
import io.middlemile.store.NodeStore;
import io.middlemile.store.RunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Ends the retry, plan and reassign runs a silent node left marked running. Its regular runs are taken over (another node
 * resumes them from their checkpoints); those kinds are never resumed, so without this they would stay running for good, in
 * the job lists and the console. Each beating node does it after its heartbeat; a run is ended once, whichever node gets
 * there first.
 */
final class SilentNodeRuns {

    private static final Logger LOG = LoggerFactory.getLogger(SilentNodeRuns.class);

    private final NodeStore nodes;
    private final RunStore runs;

    SilentNodeRuns(NodeStore nodes, RunStore runs) {
        this.nodes = nodes;
        this.runs = runs;
    }

    /** Ends what the silent nodes left of those kinds; returns the ids of the runs it ended. */
    List<Long> end() {
        List<Long> ended = new ArrayList<>();
        for (ClusterNode node : nodes.nodes(ClusterStatus.SHOWN)) {
            if (NodeHealth.of(node) != NodeHealth.SILENT) {
                continue;
            }
            for (RunStore.RunBy run : runs.runningNotResumableBy(ClusterStatus.process(node))) {
                String job = run.run().job();
                // the job's lock free, or held by this process, means the silent node no longer holds it: its run is over.
                // Held by another process, it may be the silent node itself, frozen rather than dead: asked again next beat
                if (!runs.heldJobs().contains(job) && runs.lockHeld(job)) {
                    continue;
                }
                if (runs.endInterrupted(run.run().id(), reason(node, run))) {
                    LOG.warn("Ended the {} run {} of job {} as failed: cluster node {} went silent while it ran, and nothing resumes"
                            + " a {} run", run.kind(), run.run().id(), job, node.id(), run.kind());
                    ended.add(run.run().id());
                }
            }
        }
        return ended;
    }

    /** The interrupted run's error, as `middlemile jobs` and the console show it. */
    static String reason(ClusterNode node, RunStore.RunBy run) {
        String job = run.run().job();
        return "interrupted: cluster node " + node.id() + " (" + ClusterStatus.process(node) + ") went silent (dead or cut off from"
                + " the database) during this " + run.kind() + " run, and nothing resumes a " + run.kind() + " run; run `"
                + NodeStatus.command(run.kind(), job) + "` again"
                + ("retry".equals(run.kind()) ? " (the records it was retrying are still queued)" : "");
    }
}

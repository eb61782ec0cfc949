package io.middlemile.cluster;

import io.middlemile.store.ClusterNode;
import io.middlemile.store.NodeStore;
import io.middlemile.store.RunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Ends the retry, plan and reassign runs a silent node, or one that stopped before they ended, left marked running. Its
 * regular runs are taken over (another node resumes them from their checkpoints); those kinds are never resumed, so without
 * this they would stay running for good, in the job lists and the console. Each beating node does it after its heartbeat;
 * a run is ended once, whichever node gets there first.
 *
 * <p>It ends those a command-line process left the same way ({@code job retry-failed}, {@code job run --plan},
 * {@code assign reassign}: a one-off process, no node, that sends no heartbeat and was killed or lost its machine). Such a
 * process takes the job's lock before it inserts its run and releases it only once it has ended the run
 * ({@code JobExecutor.runHeld}), so its run still marked running while the lock is free means the process is gone; no grace
 * is needed for a run just started. Its regular runs are left, as a node's: the job's next run resumes them, on any node or
 * from the command line ({@link RunStore#unfinished}).
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
        List<ClusterNode> shown = nodes.nodes(ClusterStatus.SHOWN);
        for (ClusterNode node : shown) {
            NodeHealth health = NodeHealth.of(node);
            if (health != NodeHealth.SILENT && health != NodeHealth.STOPPED) {
                continue; // a stopped node's process is gone too: a run it left running had its shutdown cut it short
            }
            for (RunStore.RunBy run : runs.runningNotResumableBy(ClusterStatus.process(node))) {
                String job = run.run().job();
                // the job's lock free, or held by this process, means the silent node no longer holds it: its run is over.
                // Held by another process, it may be the silent node itself, frozen rather than dead: asked again next beat
                if (!runs.heldJobs().contains(job) && runs.lockHeld(job)) {
                    continue;
                }
                if (runs.endInterrupted(run.run().id(), reason(node, run))) {
                    LOG.warn("Ended the {} run {} of job {} as failed: cluster node {} {} while it ran, and nothing resumes"
                            + " a {} run", run.kind(), run.run().id(), job, node.id(), health == NodeHealth.STOPPED ? "stopped"
                            : "went silent", run.kind());
                    ended.add(run.run().id());
                }
            }
        }
        ended.addAll(endCommandLineRuns(shown));
        return ended;
    }

    /** Ends the runs of those kinds left by processes that are no node: command-line runs whose process is gone. */
    private List<Long> endCommandLineRuns(List<ClusterNode> shown) {
        Set<String> nodeProcesses = shown.stream().map(ClusterStatus::process).collect(Collectors.toSet());
        List<Long> ended = new ArrayList<>();
        for (RunStore.RunBy run : runs.runningNotResumable()) {
            // a node's: a silent one's are ended above, a live one's run on
            if (run.process() == null || nodeProcesses.contains(run.process())) {
                continue;
            }
            String job = run.run().job();
            // the command-line process holds the job's lock from before its run was inserted until it has ended it: held (by
            // it, or by anyone, this node included, to be safe), the run may still be going; asked again next beat
            if (runs.lockHeld(job)) {
                continue;
            }
            if (runs.endInterrupted(run.run().id(), commandLineReason(run))) {
                LOG.warn("Ended the {} run {} of job {} as failed: the command-line process {} that ran it stopped without"
                        + " ending it, and nothing resumes a {} run", run.kind(), run.run().id(), job, run.process(), run.kind());
                ended.add(run.run().id());
            }
        }
        return ended;
    }

    /** The interrupted run's error, as `middlemile jobs` and the console show it. */
    static String reason(ClusterNode node, RunStore.RunBy run) {
        String job = run.run().job();
        String what = NodeHealth.of(node) == NodeHealth.STOPPED ? "stopped (shut down before this run ended)"
                : "went silent (dead or cut off from the database)";
        return "interrupted: cluster node " + node.id() + " (" + ClusterStatus.process(node) + ") " + what
                + " during this " + run.kind() + " run, and nothing resumes a " + run.kind() + " run; run `"
                + NodeStatus.command(run.kind(), job) + "` again"
                + ("retry".equals(run.kind()) ? " (the records it was retrying are still queued)" : "");
    }

    /** The error of a run whose command-line process is gone, as `middlemile jobs` and the console show it. */
    static String commandLineReason(RunStore.RunBy run) {
        String job = run.run().job();
        return "interrupted: the command-line process " + run.process() + " that ran this " + run.kind() + " run (no cluster"
                + " node) stopped without ending it (killed, or its machine lost), and nothing resumes a " + run.kind()
                + " run; run `" + NodeStatus.command(run.kind(), job) + "` again"
                + ("retry".equals(run.kind()) ? " (the records it was retrying are still queued)" : "");
    }
}

package io.middlemile.cluster;

import io.middlemile.store.ClusterNode;
import io.middlemile.store.JobRun;
import io.middlemile.store.NodeStore;
import io.middlemile.store.RunStore;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The cluster's nodes as the registry holds them ({@link NodeStore#nodes}), each with the latest run it ran, for
 * `middlemile cluster status`, the console and the REST API. A silent node's jobs are compared with the run store and
 * the other nodes' heartbeats, as its last beat no longer says what became of them. Present in every engine: one that is
 * not part of a cluster simply has no node to show.
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
        return statuses(nodes.nodes(SHOWN), runs::newestBy, runs::lockHeld,
                node -> runs.latestOf(RunStore.process(node.host(), node.pid())).orElse(null));
    }

    /**
     * @param newestRunOf a job's newest run of any kind, if it ever ran
     * @param lockHeld    whether some process holds a job's lock now
     * @param lastRunOf   the latest run a node ran, or null
     */
    static List<NodeStatus> statuses(List<ClusterNode> all, Function<String, Optional<RunStore.RunBy>> newestRunOf,
                                     Predicate<String> lockHeld, Function<ClusterNode, JobRun> lastRunOf) {
        List<ClusterNode> beating = all.stream().filter(ClusterStatus::beats).toList();
        return all.stream().map(node -> {
            boolean anotherNodeRuns = beating.stream().anyMatch(other -> !other.id().equals(node.id()));
            List<NodeStatus.LeftJob> left = NodeHealth.of(node) != NodeHealth.SILENT ? List.of()
                    : node.jobs().stream().flatMap(job -> left(node, job, newestRunOf.apply(job), all, lockHeld).stream()).toList();
            return NodeStatus.of(node, lastRunOf.apply(node), left, anotherNodeRuns);
        }).toList();
    }

    /**
     * What is left of a job a silent node was running at its last beat. The job's lock let one run of it go at a time, so
     * its newest run is the one the silent node had or one that came after: ended, nothing is left (finished there before it
     * died, or taken over and finished elsewhere); the silent node's own retry, plan or reassign still marked running
     * stopped with it, as nothing resumes those; still running, a beating node that holds the job's lock has it now, or a
     * process that is no node (a command-line `job run`, which sends no heartbeat) has it if the job's lock is held, or a node
     * that fell silent after this one had it last and says so itself, or it waits for a node to resume it.
     */
    static Optional<NodeStatus.LeftJob> left(ClusterNode silent, String job, Optional<RunStore.RunBy> newest, List<ClusterNode> all,
                                             Predicate<String> lockHeld) {
        if (newest.isEmpty() || newest.get().run().status() != JobRun.Status.RUNNING) {
            return Optional.empty();
        }
        RunStore.RunBy run = newest.get();
        if (!run.resumable() && process(silent).equals(run.process())) {
            return Optional.of(new NodeStatus.LeftJob(job, null, null, describe(run)));
        }
        Optional<ClusterNode> holder = all.stream().filter(other -> !other.id().equals(silent.id()) && other.jobs().contains(job))
                .filter(ClusterStatus::beats).findFirst();
        if (holder.isPresent()) {
            return Optional.of(new NodeStatus.LeftJob(job, holder.get().id()));
        }
        // a run's process is rewritten when it is resumed (RunStore.resume): one no node has is a one-off engine process;
        // the job's lock says whether it still runs (a stopped one's regular run waits to be resumed like the node's)
        boolean byNoNode = all.stream().noneMatch(node -> process(node).equals(run.process()));
        if (byNoNode && lockHeld.test(job)) {
            return Optional.of(new NodeStatus.LeftJob(job, null, describe(run), null));
        }
        boolean heldSince = all.stream().anyMatch(other -> !other.id().equals(silent.id()) && other.jobs().contains(job)
                && other.heartbeatAge().compareTo(silent.heartbeatAge()) < 0);
        return heldSince ? Optional.empty() : Optional.of(new NodeStatus.LeftJob(job, null));
    }

    private static NodeStatus.Run describe(RunStore.RunBy run) {
        return new NodeStatus.Run(run.run().id(), run.kind(), run.run().startedAt(), run.process());
    }

    /** The process a node's runs carry in the run store. */
    static String process(ClusterNode node) {
        return RunStore.process(node.host(), node.pid());
    }

    private static boolean beats(ClusterNode node) {
        NodeHealth health = NodeHealth.of(node);
        return health == NodeHealth.RUNNING || health == NodeHealth.LATE;
    }
}

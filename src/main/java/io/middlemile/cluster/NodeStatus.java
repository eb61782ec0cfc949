package io.middlemile.cluster;

import io.middlemile.store.ClusterNode;
import io.middlemile.store.JobRun;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One engine node as `middlemile cluster status`, the console's Cluster page and {@code GET /api/cluster/nodes} show it.
 *
 * @param heartbeatAgeSeconds   how long ago it last beat, by the database's clock
 * @param heartbeatEverySeconds how often it beats
 * @param state                 running, late, silent or stopped ({@link NodeHealth})
 * @param dead                  silent: dead or cut off from the database; its schedules fire on the other nodes
 * @param jobs                  the jobs it runs at its last beat; for a silent node only those whose run has not ended since
 *                              (none once stopped)
 * @param lastRun               the latest run it ran or runs, or null if it ran none
 * @param note                  what a late or silent node means and what happens next, else null
 */
public record NodeStatus(String id, String host, long pid, Instant startedAt, long heartbeatAgeSeconds, long heartbeatEverySeconds,
                         String state, boolean dead, List<String> jobs, LastRun lastRun, String note) {

    /** A node's latest run: which job, and how it went. */
    public record LastRun(long id, String job, String status, Instant startedAt, Instant endedAt) {
    }

    /**
     * A job a silent node was running at its last beat whose run has not ended since, as the run store and the other
     * nodes' heartbeats have it now ({@link ClusterStatus}).
     *
     * @param runningOn the beating node that has the job now (it took the run over, or runs the next one), or null
     * @param elsewhere a run of the job by a process that is no node of the cluster (a command-line `middlemile job run`)
     *                  that holds the job's lock now, or null
     * @param stopped   the silent node's own run of a kind nothing resumes (a retry, a plan, a reassign), or null
     *                  <p>all three null: the run waits for a node to resume it
     */
    public record LeftJob(String job, String runningOn, Run elsewhere, Run stopped) {

        public LeftJob(String job, String runningOn) {
            this(job, runningOn, null, null);
        }

        boolean waits() {
            return runningOn == null && elsewhere == null && stopped == null;
        }
    }

    /**
     * A run of a silent node's job as the run store holds it.
     *
     * @param kind    run, plan, retry or reassign ({@link io.middlemile.store.RunStore#start})
     * @param process the engine process that runs or ran it, "HOST pid PID"
     */
    public record Run(long id, String kind, Instant startedAt, String process) {
    }

    /** The command that starts a run of this kind of the job again, as an operator types it. */
    static String command(String kind, String job) {
        return switch (kind) {
            case "retry" -> "middlemile job retry-failed " + job;
            case "plan" -> "middlemile job run " + job + " --plan FILE";
            case "reassign" -> "middlemile assign reassign NAME --from OWNER --job " + job;
            default -> "middlemile job run " + job;
        };
    }

    /**
     * @param lastRun         the node's latest run, or null
     * @param left            for a silent node, what is left of the jobs it was running (see {@link LeftJob}); not read
     *                        for a node that beats or stopped
     * @param anotherNodeRuns whether another node beats (running or late), to take over this one's runs and schedules
     */
    public static NodeStatus of(ClusterNode node, JobRun lastRun, List<LeftJob> left, boolean anotherNodeRuns) {
        NodeHealth health = NodeHealth.of(node);
        List<String> jobs = switch (health) {
            case STOPPED -> List.of();
            case SILENT -> left.stream().map(LeftJob::job).toList();
            default -> List.copyOf(node.jobs());
        };
        return new NodeStatus(node.id(), node.host(), node.pid(), node.startedAt(), node.heartbeatAge().toSeconds(),
                node.heartbeatEvery().toSeconds(), health.label(), health == NodeHealth.SILENT, jobs,
                lastRun == null ? null : new LastRun(lastRun.id(), lastRun.job(), lastRun.status().name().toLowerCase(),
                        lastRun.startedAt(), lastRun.endedAt()),
                note(node, health, left, anotherNodeRuns));
    }

    /** Whether the node counts as running: it beats, if perhaps late. */
    public boolean running() {
        return NodeHealth.RUNNING.label().equals(state) || NodeHealth.LATE.label().equals(state);
    }

    /** What a silent or late node means for an operator, or null for a node that beats or stopped cleanly. */
    static String note(ClusterNode node, NodeHealth health, List<LeftJob> left, boolean anotherNodeRuns) {
        if (health == NodeHealth.SILENT) {
            StringBuilder note = new StringBuilder(node.id() + " has not beaten for " + age(node.heartbeatAge()) + " (it beats every "
                    + age(node.heartbeatEvery()) + "): it is dead or cannot reach the database.");
            List<String> waiting = left.stream().filter(LeftJob::waits).map(LeftJob::job).toList();
            if (!waiting.isEmpty() && anotherNodeRuns) {
                note.append(" The jobs it was running (").append(String.join(", ", waiting))
                        .append(") resume from their checkpoints on another node.");
            } else if (!waiting.isEmpty()) {
                // no other node to promise: only a node that beats fires a dead node's runs again (Quartz's recovery)
                note.append(" The jobs it was running (").append(String.join(", ", waiting)).append(") wait: no node is running."
                        + " Start one with MIDDLEMILE_CLUSTER_ENABLED=true middlemile run and they resume there"
                        + " from their checkpoints.");
            }
            for (LeftJob job : left) {
                if (job.stopped() != null) {
                    // only a regular run resumes from its checkpoint (RunStore.unfinished); the others must be started again
                    Run run = job.stopped();
                    note.append(" The ").append(run.kind()).append(" run ").append(run.id()).append(" of ").append(job.job())
                            .append(" stopped when ").append(node.id()).append(" went silent; nothing resumes it: run `")
                            .append(command(run.kind(), job.job())).append("` again")
                            .append("retry".equals(run.kind()) ? " (the records it was retrying are still queued)." : ".");
                }
            }
            for (LeftJob job : left) {
                if (job.elsewhere() != null) {
                    Run run = job.elsewhere();
                    note.append(" ").append(job.job()).append(" is being run from the command line (`").append(command(run.kind(), job.job()))
                            .append("` on ").append(run.process()).append(", not a node): run ").append(run.id())
                            .append(", started ").append(run.startedAt()).append(".");
                }
            }
            Map<String, List<String>> taken = new LinkedHashMap<>();
            left.stream().filter(job -> job.runningOn() != null)
                    .forEach(job -> taken.computeIfAbsent(job.runningOn(), on -> new ArrayList<>()).add(job.job()));
            taken.forEach((on, jobs) -> note.append(" ").append(on).append(" has taken over ").append(String.join(", ", jobs))
                    .append(" and is running ").append(jobs.size() == 1 ? "it" : "them").append(" now."));
            note.append(anotherNodeRuns ? " Its schedules fire on the other nodes." : " Its schedules fire again once a node runs.");
            return note.toString();
        }
        if (health == NodeHealth.LATE) {
            return node.id() + " missed a heartbeat (it beats every " + age(node.heartbeatEvery())
                    + "): busy or briefly cut off from the database; check again in a minute.";
        }
        return null;
    }

    /** A duration as a person reads it: 4 s, 3 min, 2 h 5 min. */
    public static String age(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
}

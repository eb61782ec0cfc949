package io.middlemile.cluster;

import io.middlemile.store.ClusterNode;
import io.middlemile.store.JobRun;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One engine node as `middlemile cluster status`, the console's Cluster page and {@code GET /api/cluster/nodes} show it.
 *
 * @param heartbeatAgeSeconds   how long ago it last beat, by the database's clock
 * @param heartbeatEverySeconds how often it beats
 * @param state                 running, late, silent or stopped ({@link NodeHealth})
 * @param dead                  silent: dead or cut off from the database; its schedules fire on the other nodes
 * @param jobs                  the jobs it was running at its last beat (none once stopped)
 * @param lastRun               the latest run it ran or runs, or null if it ran none
 * @param note                  what a late or silent node means and what happens next, else null
 */
public record NodeStatus(String id, String host, long pid, Instant startedAt, long heartbeatAgeSeconds, long heartbeatEverySeconds,
                         String state, boolean dead, List<String> jobs, LastRun lastRun, String note) {

    /** A node's latest run: which job, and how it went. */
    public record LastRun(long id, String job, String status, Instant startedAt, Instant endedAt) {
    }

    /** @param lastRun the node's latest run, or null */
    public static NodeStatus of(ClusterNode node, JobRun lastRun) {
        NodeHealth health = NodeHealth.of(node);
        List<String> jobs = health == NodeHealth.STOPPED ? List.of() : List.copyOf(node.jobs());
        return new NodeStatus(node.id(), node.host(), node.pid(), node.startedAt(), node.heartbeatAge().toSeconds(),
                node.heartbeatEvery().toSeconds(), health.label(), health == NodeHealth.SILENT, jobs,
                lastRun == null ? null : new LastRun(lastRun.id(), lastRun.job(), lastRun.status().name().toLowerCase(),
                        lastRun.startedAt(), lastRun.endedAt()),
                note(node, health));
    }

    /** Whether the node counts as running: it beats, if perhaps late. */
    public boolean running() {
        return NodeHealth.RUNNING.label().equals(state) || NodeHealth.LATE.label().equals(state);
    }

    /** What a silent or late node means for an operator, or null for a node that beats or stopped cleanly. */
    static String note(ClusterNode node, NodeHealth health) {
        if (health == NodeHealth.SILENT) {
            return node.id() + " has not beaten for " + age(node.heartbeatAge()) + " (it beats every " + age(node.heartbeatEvery())
                    + "): it is dead or cannot reach the database."
                    + (node.jobs().isEmpty() ? "" : " The jobs it was running (" + String.join(", ", node.jobs())
                    + ") resume from their checkpoints on another node.")
                    + " Its schedules fire on the other nodes.";
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

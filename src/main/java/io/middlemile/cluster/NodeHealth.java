package io.middlemile.cluster;

import io.middlemile.store.ClusterNode;

/** What a node's last heartbeat says about it, for {@code middlemile cluster status}. */
public enum NodeHealth {
    /** Beat within two intervals. */
    RUNNING("running"),
    /** Missed a beat or two: busy, or cut off from the database for a moment. */
    LATE("late"),
    /** Missed four beats or more: the process is dead or cannot reach the database; its schedules fire elsewhere. */
    SILENT("silent"),
    /** Stopped cleanly. */
    STOPPED("stopped");

    /** Beats a node may miss before it counts as silent (Quartz fails a node over after about two of its check-ins). */
    static final int SILENT_AFTER_BEATS = 4;

    private final String label;

    NodeHealth(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static NodeHealth of(ClusterNode node) {
        if (node.stoppedAt() != null) {
            return STOPPED;
        }
        long every = Math.max(1, node.heartbeatEvery().toMillis());
        long age = node.heartbeatAge().toMillis();
        if (age < 2 * every) {
            return RUNNING;
        }
        return age < SILENT_AFTER_BEATS * every ? LATE : SILENT;
    }
}

package io.middlemile.cluster;

import io.middlemile.store.NodeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Registers this node in the node registry when it starts, beats every {@code every} with the jobs it runs, and
 * marks it stopped when it stops cleanly. A node that dies simply stops beating; its schedules fail over through
 * Quartz and its job locks die with its database sessions, whatever this registry says.
 */
public final class Heartbeat implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    private final NodeStore nodes;
    private final NodeIdentity node;
    private final Supplier<Set<String>> jobs;
    private final Duration every;
    private final Runnable afterBeat;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "middlemile-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    /** @param jobs the jobs this node runs now (the job locks it holds) */
    public Heartbeat(NodeStore nodes, NodeIdentity node, Supplier<Set<String>> jobs, Duration every) {
        this(nodes, node, jobs, every, () -> { });
    }

    /** @param afterBeat what the node does after each beat (ends what silent nodes left: {@link SilentNodeRuns}) */
    Heartbeat(NodeStore nodes, NodeIdentity node, Supplier<Set<String>> jobs, Duration every, Runnable afterBeat) {
        this.nodes = nodes;
        this.node = node;
        this.jobs = jobs;
        this.every = every;
        this.afterBeat = afterBeat;
    }

    public void start() {
        nodes.register(node.id(), node.host(), node.pid(), node.startedAt(), every);
        timer.scheduleWithFixedDelay(this::beat, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Cluster node {} registered; it beats every {} s", node.id(), every.toSeconds());
    }

    void beat() {
        try {
            nodes.beat(node.id(), jobs.get());
        } catch (RuntimeException e) {
            // the database is away for a moment: the next beat tries again, and `cluster status` shows the gap
            LOG.warn("Cluster node {} could not write its heartbeat to the state store: {}", node.id(), e.getMessage());
            return;
        }
        try {
            afterBeat.run();
        } catch (RuntimeException e) {
            // asked again at the next beat; meanwhile `cluster status` still says what the silent node left
            LOG.warn("Cluster node {} could not end the runs a silent node or a dead command-line process left: {}", node.id(),
                    e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            nodes.stopped(node.id());
        } catch (RuntimeException e) {
            LOG.warn("Cluster node {} could not mark itself stopped in the state store: {}", node.id(), e.getMessage());
        }
    }
}

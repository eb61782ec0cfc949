package io.middlemile.cli;

import io.middlemile.cluster.ClusterStatus;
import io.middlemile.cluster.NodeStatus;
import io.middlemile.store.JournalStore;
import io.middlemile.store.NodeStore;
import io.middlemile.store.RetryQueue;
import io.middlemile.store.RunStore;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code middlemile cluster status}: the engine nodes sharing this state store, their heartbeats and the jobs they run. */
@Command(name = "cluster", description = "Several engine processes on one PostgreSQL: see the nodes (status).",
        subcommands = {ClusterCommand.Status.class})
class ClusterCommand {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Command(name = "status", description = "List the engine nodes, the jobs each is running and how long ago each last beat.")
    static class Status implements Callable<Integer> {
        @Mixin
        WorkspaceOption workspace;

        @Override
        public Integer call() {
            // the run store too: a dead node's jobs are compared with what became of their runs (ClusterStatus)
            try (ConfigurableApplicationContext engine = EngineLauncher.storeOnly(workspace.resolve(), NodeStore.class, RunStore.class,
                    JournalStore.class, RetryQueue.class, ClusterStatus.class)) {
                System.out.print(report(engine.getBean(ClusterStatus.class).nodes()));
                return 0;
            }
        }
    }

    /** The status report of these nodes (as {@link ClusterStatus#nodes} lists them). */
    static String report(List<NodeStatus> nodes) {
        if (nodes.isEmpty()) {
            return "No engine node has reported to this state store in the last 24 hours.\n"
                    + "Nodes register when they start with `middlemile run` and MIDDLEMILE_CLUSTER_ENABLED=true. If some are running,\n"
                    + "check that they and this command use the same PostgreSQL (SPRING_DATASOURCE_URL).\n";
        }
        int idWidth = Math.max(4, nodes.stream().mapToInt(node -> node.id().length()).max().orElse(0));
        int hostWidth = Math.max(4, nodes.stream().mapToInt(node -> node.host().length()).max().orElse(0));
        String columns = "%-" + idWidth + "s  %-" + hostWidth + "s  %7s  %-19s  %-14s  %-7s  %s%n";
        StringBuilder out = new StringBuilder(String.format(columns, "NODE", "HOST", "PID", "STARTED", "LAST HEARTBEAT", "STATE",
                "JOBS RUNNING"));
        long running = 0;
        StringBuilder notes = new StringBuilder();
        for (NodeStatus status : nodes) {
            running += status.running() ? 1 : 0;
            String jobs = status.jobs().isEmpty() ? "-" : String.join(", ", status.jobs());
            out.append(String.format(columns, status.id(), status.host(), status.pid(), TIME.format(status.startedAt()),
                    NodeStatus.age(Duration.ofSeconds(status.heartbeatAgeSeconds())) + " ago", status.state(), jobs));
            if (status.note() != null) {
                notes.append("\n").append(status.note()).append("\n");
            }
        }
        out.append("\n").append(running).append(running == 1 ? " node" : " nodes").append(" running.");
        if (running == 0) {
            out.append(" No schedule fires until a node runs: start one with MIDDLEMILE_CLUSTER_ENABLED=true middlemile run.");
        }
        out.append("\n").append(notes);
        return out.toString();
    }
}

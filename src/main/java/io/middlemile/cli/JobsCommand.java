package io.middlemile.cli;

import io.middlemile.store.JobRun;
import io.middlemile.store.RetryQueue;
import io.middlemile.store.RunStore;
import io.middlemile.workspace.RouteInfo;
import io.middlemile.workspace.Workspace;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code middlemile jobs}: the workspace's jobs, how each last ran, and how many failed records wait for a retry. */
@Command(name = "jobs", description = "List the jobs (routes) of the workspace and their last runs.")
class JobsCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Mixin
    WorkspaceOption workspace;

    @Override
    public Integer call() {
        // the list calls no connection, so it needs none of their secrets: an admin's shell holds no production token
        if (!ValidateCommand.validate(workspace.resolve(), ValidateCommand.MissingVariables.NOT_CHECKED,
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), System.err)) {
            return 1;
        }
        try (ConfigurableApplicationContext engine = EngineLauncher.start(workspace.resolve(), true, false, true)) {
            Workspace loaded = engine.getBean(Workspace.class);
            Map<String, JobRun> last = engine.getBean(RunStore.class).latestPerJob().stream()
                    .collect(Collectors.toMap(JobRun::job, Function.identity()));
            Map<String, Long> pending = engine.getBean(RetryQueue.class).pendingCounts();
            // columns as wide as the longest job name and file:line, so the table stays a table
            int jobWidth = Math.max(3, loaded.routes().stream().mapToInt(route -> route.id().length()).max().orElse(0));
            int fileWidth = Math.max(4, loaded.routes().stream().mapToInt(route -> (route.file() + ":" + route.line()).length()).max().orElse(0));
            String columns = "%-" + jobWidth + "s  %-" + fileWidth + "s  ";
            System.out.printf(columns + "%-6s %-10s %-19s %9s %9s %9s %9s %9s%n", "JOB", "FILE", "RUN", "STATUS", "STARTED",
                    "READ", "WRITTEN", "SKIPPED", "REJECTED", "PENDING");
            for (RouteInfo route : loaded.routes()) {
                JobRun run = last.get(route.id());
                String where = route.file() + ":" + route.line();
                if (run == null) {
                    System.out.printf(columns + "%-6s %-10s%n", route.id(), where, "-", "never run");
                } else {
                    System.out.printf(columns + "%-6d %-10s %-19s %9d %9d %9d %9d %9d%n", route.id(), where, run.id(),
                            run.status().db(), TIME.format(run.startedAt()), run.read(), run.written(), run.skipped(), run.rejected(),
                            pending.getOrDefault(route.id(), 0L));
                }
            }
            if (pending.values().stream().anyMatch(count -> count > 0)) {
                System.out.println();
                System.out.println("PENDING: failed records waiting to be read again; `middlemile job retry-failed NAME` retries them.");
            }
            return 0;
        }
    }
}

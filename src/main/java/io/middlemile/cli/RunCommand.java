package io.middlemile.cli;

import io.middlemile.web.ApiTokens;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code middlemile run}: serve the workspace, running every route on its schedule until stopped. */
@Command(name = "run", description = "Start the engine and run every job on its schedule until stopped (Ctrl-C).")
class RunCommand implements Callable<Integer> {

    @Mixin
    WorkspaceOption workspace;

    @Override
    public Integer call() throws InterruptedException {
        if (!ValidateCommand.validate(workspace.resolve(), System.out, System.err)) {
            return 1;
        }
        // a token mistake is the operator's to fix: one paragraph before anything starts, not Spring's failed-start trace
        try {
            ApiTokens.parse(setting("MIDDLEMILE_API_TOKENS"), setting("MIDDLEMILE_API_TOKEN"), setting("MIDDLEMILE_API_READ_ONLY"));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + " Nothing was started.");
            return 1;
        }
        ConfigurableApplicationContext engine = EngineLauncher.start(workspace.resolve(), false, false, false);
        CountDownLatch stopped = new CountDownLatch(1);
        engine.addApplicationListener(event -> {
            if (event instanceof org.springframework.context.event.ContextClosedEvent) {
                stopped.countDown();
            }
        });
        // Ctrl-C and SIGTERM close the engine through Spring Boot's shutdown hook; the embedded store stops after it
        System.out.println("Middlemile is running the jobs of " + workspace.resolve() + " on their schedules. Stop with Ctrl-C.");
        engine.getBeanProvider(io.middlemile.cluster.NodeIdentity.class).ifAvailable(node -> System.out.println("Cluster node "
                + node.id() + ": each schedule fires on one node of the cluster at a time, and the connections' API budgets are"
                + " shared; `middlemile cluster status` lists the nodes."));
        String address = engine.getEnvironment().getProperty("server.address", "127.0.0.1");
        System.out.println("The console: http://" + (address.equals("0.0.0.0") ? "127.0.0.1" : address) + ":"
                + engine.getEnvironment().getProperty("local.server.port") + "/console (sign in with your token from"
                + " MIDDLEMILE_API_TOKENS)");
        stopped.await();
        return 0;
    }

    /** As the engine reads it: a -D setting, else the environment. */
    private static String setting(String name) {
        return System.getProperty(name, CommandEnvironment.variables().get(name));
    }
}

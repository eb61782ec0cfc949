package io.middlemile.cli;

import io.middlemile.camel.HubReadConsumer;
import io.middlemile.connector.Providers;
import io.middlemile.connector.WebhookReceiver;
import io.middlemile.connector.hubspot.HubSpotProvider;
import io.middlemile.mapping.Transforms;
import io.middlemile.outreach.OutreachRuns;
import io.middlemile.outreach.OutreachSummary;
import io.middlemile.store.JobRun;
import io.middlemile.store.RunStore;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.sandbox.instantly.InstantlyEmulator;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.HubEndpoint;
import io.middlemile.workspace.OutreachConfig;
import io.middlemile.workspace.RouteInfo;
import io.middlemile.workspace.Workspace;
import io.middlemile.workspace.WorkspaceLoader;
import org.apache.camel.CamelContext;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code middlemile outreach ...}: outreach files ({@code outreach/NAME.yaml}) beyond the jobs that send by them. */
@Command(name = "outreach", description = "Outreach files (outreach/NAME.yaml): rehearse the whole loop against emulators.",
        subcommands = {OutreachCommand.Rehearse.class})
class OutreachCommand {

    /**
     * {@code middlemile outreach rehearse NAME}: the whole outreach loop of {@code outreach/NAME.yaml} on this machine, with
     * no keys and nobody contacted. HubSpot, Instantly and Unipile are emulators started here (the CRM seeded from a
     * CSV, the LinkedIn profiles from another); the engine runs on a scratch state store (the workspace's own ledger
     * and journal are not touched, so a rehearsal never makes a real person look "recently contacted"). It runs the
     * job that sends by the file, lets the emulated people reply, bounce, unsubscribe and accept invitations (the
     * emulators deliver those webhooks to the engine, authenticated like the real ones), runs the jobs that write the
     * events back to the CRM, and prints the loop's summary.
     */
    @Command(name = "rehearse", description = "Run an outreach file's whole loop against emulators (HubSpot, Instantly, Unipile),"
            + " with no keys: enrol and invite, simulated replies and accepted invitations, events written back to the CRM.")
    static class Rehearse implements Callable<Integer> {

        /** How long after an emulated acceptance a rehearsal's LinkedIn message goes. */
        private static final Duration REHEARSAL_MESSAGE_DELAY = Duration.ofSeconds(1);
        /** How long the rehearsal waits at its end for job runs webhooks started (a page of replies takes well under that). */
        private static final Duration TRIGGERED_RUNS_END = Duration.ofSeconds(10);

        @Mixin
        WorkspaceOption workspace;

        @Parameters(paramLabel = "NAME", description = "the outreach file: outreach/NAME.yaml")
        String name;

        @Option(names = "--contacts", paramLabel = "FILE", defaultValue = "samples/outreach/contacts.csv",
                description = "the CRM's contacts the emulated HubSpot starts with (HubSpot property names as columns; default"
                        + " ${DEFAULT-VALUE}, relative to the workspace)")
        Path contacts;

        @Option(names = "--people", paramLabel = "FILE", defaultValue = "samples/unipile/people.csv",
                description = "the LinkedIn profiles the emulated Unipile knows (public_identifier,first_name,last_name,headline;"
                        + " default ${DEFAULT-VALUE})")
        Path people;

        @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "20",
                description = "how long to wait for the emulated replies and acceptances (default ${DEFAULT-VALUE})")
        int waitSeconds;

        @Override
        public Integer call() throws Exception {
            if (OutreachEmulators.refusesWait(waitSeconds)) {
                return 2;
            }
            Path root = workspace.resolve();
            PrintStream out = System.out;
            Workspace loaded = new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).forJob(null).load(root).workspace();
            OutreachConfig config = loaded.outreach().get(name);
            if (config == null) {
                System.err.printf("There is no outreach/%s.yaml; outreach files are %s.%n", name, loaded.outreach().keySet());
                return 1;
            }
            List<RouteInfo> senders = loaded.routes().stream().filter(route -> route.endpoints().stream()
                    .anyMatch(e -> e.kind() == HubEndpoint.Kind.ENROL && name.equals(e.mapping()))).toList();
            if (senders.size() != 1) {
                System.err.printf("outreach rehearse runs the one job that sends by outreach/%s.yaml (a route with hub-enrol:%s);"
                        + " found %s. Add one to routes/ (see routes/outreach.camel.yaml) or keep only one.%n", name, name,
                        senders.isEmpty() ? "none" : senders.stream().map(RouteInfo::id).toList());
                return 1;
            }
            RouteInfo sender = senders.get(0);
            Set<String> channels = new LinkedHashSet<>();
            if (config.email() != null) {
                channels.add(config.email().connection());
            }
            if (config.linkedin() != null) {
                channels.add(config.linkedin().connection());
            }
            List<RouteInfo> writebacks = loaded.routes().stream().filter(route -> route.endpoints().stream().anyMatch(e ->
                    e.kind() == HubEndpoint.Kind.READ && WebhookReceiver.EVENTS.equals(e.object()) && channels.contains(e.connection())))
                    .toList();
            // jobs setting the leads' interest from the CRM (hub-interest:NAME), run once the replies are written back
            List<RouteInfo> interests = config.email() == null ? List.of() : loaded.routes().stream().filter(route -> route.endpoints()
                    .stream().anyMatch(e -> e.kind() == HubEndpoint.Kind.INTEREST && name.equals(e.mapping()))).toList();
            Set<String> crms = new LinkedHashSet<>(sender.connections());
            writebacks.forEach(route -> crms.addAll(route.connections()));
            interests.forEach(route -> crms.addAll(route.connections()));
            crms.removeAll(channels);
            for (String connection : crms) {
                ConnectorConfig crm = loaded.connectors().get(connection);
                if (crm != null && !HubSpotProvider.TYPE.equals(crm.type()) && crm.csv() == null && !"csv".equals(crm.type())) {
                    System.err.printf("outreach rehearse emulates HubSpot as the CRM; job %s also uses %s (%s). Rehearse with a"
                            + " HubSpot connection, or try the job against a sandbox of that CRM.%n", sender.id(), connection, crm.type());
                    return 1;
                }
            }
            Path contactsFile = root.resolve(contacts);
            Path peopleFile = root.resolve(people);
            for (Path file : List.of(contactsFile, peopleFile)) {
                if (!Files.isRegularFile(file)) {
                    System.err.printf("%s does not exist; give the file with %s FILE.%n", file, file == contactsFile ? "--contacts" : "--people");
                    return 1;
                }
            }
            Path scratch = Files.createTempDirectory("middlemile-rehearsal-");
            try (OutreachEmulators emulators = new OutreachEmulators()) {
                try {
                    emulators.startHubSpot(loaded, crms, contactsFile, out);
                    emulators.startChannels(loaded, name, config, peopleFile, out);
                } catch (OutreachEmulators.SeedRefused e) {
                    System.err.println(e.getMessage());
                    return 1;
                }
                Map<String, String> variables = new LinkedHashMap<>(CommandEnvironment.variables());
                variables.putAll(emulators.environment());
                List<RouteInfo> jobs = new ArrayList<>(List.of(sender));
                jobs.addAll(writebacks);
                jobs.addAll(interests);
                for (RouteInfo job : jobs) {
                    if (!ValidateCommand.validate(root, job.id(), variables, new PrintStream(PrintStream.nullOutputStream()), System.err)) {
                        return 1;
                    }
                }
                Map<String, Object> properties = new LinkedHashMap<>(emulators.properties());
                properties.put("middlemile.embedded-db.dir", scratch.resolve("pg").toString());
                out.println("Sandbox: a scratch state store (the workspace's ledger and journal are not touched)");
                properties.put("middlemile.outreach.rehearsal", "true");
                if (config.suppress() != null && config.suppress().duplicates() != null) {
                    out.printf("Sandbox: people already enrolled under another record are looked for by the send ledger's email and"
                            + " LinkedIn profile only (suppress.duplicates: %s needs the match index `middlemile dedupe %s` saves,"
                            + " which the scratch store has not)%n", config.suppress().duplicates(), config.suppress().duplicates());
                }
                OutreachConfig.Message message = config.linkedin() == null ? null : config.linkedin().message();
                if (message != null) {
                    // the emulated people accept within seconds; the file's hours would outlast the rehearsal
                    properties.put("middlemile.outreach.message-delay", REHEARSAL_MESSAGE_DELAY.toString());
                    out.printf("Sandbox: LinkedIn messages go %d s after an acceptance (outreach/%s.yaml says afterAccepted: %s)%n",
                            REHEARSAL_MESSAGE_DELAY.toSeconds(), name, message.afterAccepted() == null
                                    ? OutreachConfig.Message.DEFAULT_AFTER_ACCEPTED : message.afterAccepted());
                }
                try (ConfigurableApplicationContext context = EngineLauncher.start(root, true, false, true, null, null, properties)) {
                    if (!emulators.reaches(context, System.err)) {
                        return 1;
                    }
                    return loop(context, out, sender, writebacks, interests, emulators, message != null);
                }
            } finally {
                deleteQuietly(scratch);
            }
        }

        private int loop(ConfigurableApplicationContext context, PrintStream out, RouteInfo sender, List<RouteInfo> writebacks,
                         List<RouteInfo> interests, OutreachEmulators emulators, boolean messages) throws InterruptedException {
            Workspace workspace = context.getBean(Workspace.class);
            RunStore runs = context.getBean(RunStore.class);
            OutreachRuns outreach = context.getBean(OutreachRuns.class);
            CamelContext camel = context.getBean(CamelContext.class);
            JobRun sent = run(camel, sender, out, workspace, runs);
            if (sent == null) {
                return 1;
            }
            JobCommand.Run.printOutreach(out, outreach, sent);
            out.printf("%nWaiting up to %d s for the emulated people to reply, bounce, unsubscribe and accept invitations...%n", waitSeconds);
            int delivered = emulators.awaitAnswers(waitSeconds);
            out.printf("Webhook deliveries received: %d%n", delivered);
            JobRun followUp = null;
            if (messages) {
                // the job's next run: the invitations accepted by now get their message (and deferred invitations go)
                out.printf("%nFollowing up: the job's next run messages the people who accepted%n");
                followUp = run(camel, sender, out, workspace, runs);
                if (followUp == null) {
                    return 1;
                }
                JobCommand.Run.printOutreach(out, outreach, followUp);
                out.printf("Webhook deliveries received: %d%n", emulators.awaitAnswers(waitSeconds));
            }
            long written = 0;
            for (RouteInfo writeback : writebacks) {
                JobRun run = run(camel, writeback, out, workspace, runs);
                if (run == null) {
                    return 1;
                }
                written += run.written();
            }
            if (!interests.isEmpty() && !interest(context, out, sent, interests, emulators.hubspot(), emulators.instantly(), workspace, runs, camel)) {
                return 1;
            }
            OutreachSummary summary = outreach.summaries(sent.id()).getOrDefault(name, OutreachSummary.empty(name));
            if (followUp != null) {
                // a row settled by the follow-up run counts there only (its run id moved): nothing is counted twice
                summary = summary.plus(outreach.summaries(followUp.id()).getOrDefault(name, OutreachSummary.empty(name)));
            }
            OutreachSummary loop = new OutreachSummary(summary.name(), summary.enrolled(), summary.invited(), summary.messaged(),
                    summary.suppressed(), summary.deferred(), summary.deferredUntil(), summary.deferredWhy(), summary.rejected(), (int) written);
            out.println();
            out.println("The loop, rehearsed:");
            loop.lines().forEach(line -> out.println("  " + line));
            // the emulated people's last webhooks may still be running their jobs: let those end before the engine does
            if (!context.getBean(io.middlemile.web.JobTriggers.class).awaitIdle(TRIGGERED_RUNS_END)) {
                out.printf("A job run a webhook started is still going after %d s; it stops with the rehearsal.%n",
                        TRIGGERED_RUNS_END.toSeconds());
            }
            out.println("Nothing left this machine; the emulators and the scratch store are gone when this command ends.");
            JobRun worst = followUp != null && followUp.status() != JobRun.Status.SUCCEEDED ? followUp : sent;
            return worst.status() == JobRun.Status.SUCCEEDED ? 0 : JobCommand.exitCode(worst);
        }

        /**
         * The CRM's word back to the campaign: the first lead enrolled has its deal won (its emulated HubSpot contact
         * becomes a customer), then the hub-interest jobs run and the lead's interest in the emulated Instantly is shown.
         */
        private boolean interest(ConfigurableApplicationContext context, PrintStream out, JobRun sent, List<RouteInfo> interests,
                                 HubSpotEmulator hubspot, InstantlyEmulator instantly, Workspace workspace, RunStore runs, CamelContext camel) {
            var won = context.getBean(io.middlemile.store.OutreachSendStore.class).ofRun(sent.id()).stream()
                    .filter(e -> e.channel().equals("email") && e.status() == io.middlemile.store.OutreachSendStore.Status.SENT
                            && e.recordKey().matches(".*/contacts/\\d+")).findFirst();
            won.ifPresent(entry -> {
                long id = Long.parseLong(entry.recordKey().substring(entry.recordKey().lastIndexOf('/') + 1));
                hubspot.store().update("contacts", id, Map.of("lifecyclestage", "customer"));
                out.printf("%nSandbox: %s's deal is won; HubSpot made the contact a customer%n", entry.person());
            });
            for (RouteInfo route : interests) {
                if (run(camel, route, out, workspace, runs) == null) {
                    return false;
                }
            }
            won.ifPresent(entry -> {
                Integer value = instantly == null ? null : instantly.interestOf(entry.person());
                String status = value == null ? "none (a plain lead)" : OutreachConfig.Interest.STATUSES.entrySet().stream()
                        .filter(e -> e.getValue().equals(value)).map(Map.Entry::getKey).findFirst().orElse("custom") + " (" + value + ")";
                out.printf("Instantly's interest status of %s: %s%n", entry.person(), status);
            });
            return true;
        }

        /** Runs one job once, as `job run` does, and prints its summary; null (after saying why) when it cannot run. */
        static JobRun run(CamelContext camel, RouteInfo route, PrintStream out, Workspace workspace, RunStore runs) {
            out.printf("%nRunning job %s from %s:%d%n", route.id(), route.file(), route.line());
            JobRun run = runOnce(camel, route);
            if (run != null) {
                JobCommand.Run.printSummary(out, workspace, route, run, runs);
            }
            return run;
        }

        /** Runs one job once, as `job run` does, printing nothing; null (after saying why on stderr) when it cannot run. */
        static JobRun runOnce(CamelContext camel, RouteInfo route) {
            try {
                camel.getRouteController().startRoute(route.id());
            } catch (Exception e) {
                System.err.printf("Job %s (%s:%d) could not start: %s%n", route.id(), route.file(), route.line(), e.getMessage());
                return null;
            }
            if (!(camel.getRoute(route.id()).getConsumer() instanceof HubReadConsumer consumer)) {
                System.err.printf("Job %s (%s:%d) does not start with hub-read, so it cannot run here.%n", route.id(), route.file(), route.line());
                return null;
            }
            return consumer.runJob();
        }

        private static void deleteQuietly(Path directory) {
            try (var files = Files.walk(directory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temporary directory: the system cleans it up
            }
        }
    }
}

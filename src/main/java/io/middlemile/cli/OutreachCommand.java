package io.middlemile.cli;

import io.middlemile.camel.HubReadConsumer;
import io.middlemile.connector.Providers;
import io.middlemile.connector.WebhookReceiver;
import io.middlemile.connector.hubspot.HubSpotProvider;
import io.middlemile.connector.instantly.InstantlyProvider;
import io.middlemile.connector.unipile.UnipileProvider;
import io.middlemile.mapping.Transforms;
import io.middlemile.outreach.OutreachRuns;
import io.middlemile.outreach.OutreachSummary;
import io.middlemile.sandbox.hubspot.EmulatorSettings;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.sandbox.instantly.InstantlyEmulator;
import io.middlemile.sandbox.unipile.UnipileEmulator;
import io.middlemile.sandbox.unipile.UnipileEmulatorSettings;
import io.middlemile.store.JobRun;
import io.middlemile.store.RunStore;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.HubEndpoint;
import io.middlemile.workspace.OutreachConfig;
import io.middlemile.workspace.RouteInfo;
import io.middlemile.workspace.SecretRefs;
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
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
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

        private static final String TOKEN = "rehearsal-token";

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
            int port = freePort();
            Map<String, String> environment = new LinkedHashMap<>();
            Map<String, Object> properties = new LinkedHashMap<>();
            List<Runnable> stops = new ArrayList<>();
            Path scratch = Files.createTempDirectory("middlemile-rehearsal-");
            try {
                HubSpotEmulator hubspot = HubSpotEmulator.start(EmulatorSettings.defaults(TOKEN), 0);
                stops.add(hubspot::stop);
                int seeded = hubspot.seedCsv("contacts", contactsFile);
                for (String connection : crms) {
                    ConnectorConfig crm = loaded.connectors().get(connection);
                    if (crm != null && HubSpotProvider.TYPE.equals(crm.type())) {
                        emulate(properties, environment, crm, hubspot.baseUrl());
                    }
                }
                out.printf("Sandbox: HubSpot -> %s (%d contacts from %s)%n", hubspot.baseUrl(), seeded, root.relativize(contactsFile));
                String engine = "http://127.0.0.1:" + port + "/webhooks/";
                InstantlyEmulator instantly = null;
                if (config.email() != null) {
                    ConnectorConfig connection = loaded.connectors().get(config.email().connection());
                    instantly = InstantlyEmulator.start(TOKEN, 0, Clock.systemUTC(), InstantlyEmulator.PER_SECOND, InstantlyEmulator.PER_MINUTE,
                            // replies, bounces, unsubscribes and auto-replies two seconds after enrolment, so the loop closes in a rehearsal
                            new InstantlyEmulator.Simulation(Duration.ofSeconds(2), 0.35, 0.15, 0.15, 0.10, 7,
                                    List.of(Duration.ofSeconds(1), Duration.ofSeconds(2))));
                    stops.add(instantly::stop);
                    if (config.email().campaign() != null) {
                        instantly.addCampaign(config.email().campaign(), "rehearsal of outreach/" + name + ".yaml");
                    }
                    emulate(properties, environment, connection, instantly.apiBaseUrl());
                    InstantlyEmulator email = instantly;
                    subscribe(connection, environment, (header, secret) -> email.addWebhook(engine + InstantlyProvider.TYPE + "/"
                            + connection.id(), "all_events", null, Map.of(header, secret)));
                    out.printf("Sandbox: Instantly -> %s%n", instantly.apiBaseUrl());
                }
                UnipileEmulator unipile = null;
                if (config.linkedin() != null) {
                    ConnectorConfig connection = loaded.connectors().get(config.linkedin().connection());
                    List<UnipileEmulatorSettings.Account> accounts = config.linkedin().accounts().stream().map(account -> account.isPremium()
                            ? UnipileEmulatorSettings.Account.premium(account.id(), account.id(), ZoneId.of(account.timeZone()))
                            : UnipileEmulatorSettings.Account.free(account.id(), account.id(), ZoneId.of(account.timeZone()))).toList();
                    unipile = UnipileEmulator.start(UnipileEmulatorSettings.defaults(TOKEN).withAccounts(accounts)
                            .withPeople(new UnipileEmulatorSettings.Behaviour(0.6, Duration.ofSeconds(2), Duration.ZERO, 0.5,
                                    Duration.ofSeconds(2), "Thanks for reaching out, happy to talk next week.", 7))
                            .withRetryDelays(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2))), 0);
                    stops.add(unipile::stop);
                    int profiles = unipile.seedProfiles(peopleFile);
                    emulate(properties, environment, connection, unipile.apiBaseUrl());
                    UnipileEmulator linkedin = unipile;
                    subscribe(connection, environment, (header, secret) -> {
                        String url = engine + UnipileProvider.TYPE + "/" + connection.id();
                        linkedin.addWebhook(url, "users", "rehearsal relations", Map.of(header, secret));
                        linkedin.addWebhook(url, "messaging", "rehearsal messages", Map.of(header, secret));
                    });
                    out.printf("Sandbox: Unipile -> %s (%d LinkedIn profiles from %s)%n", unipile.apiBaseUrl(), profiles,
                            root.relativize(peopleFile));
                }
                Map<String, String> variables = new LinkedHashMap<>(CommandEnvironment.variables());
                variables.putAll(environment);
                List<RouteInfo> jobs = new ArrayList<>(List.of(sender));
                jobs.addAll(writebacks);
                jobs.addAll(interests);
                for (RouteInfo job : jobs) {
                    if (!ValidateCommand.validate(root, job.id(), variables, new PrintStream(PrintStream.nullOutputStream()), System.err)) {
                        return 1;
                    }
                }
                environment.forEach((variable, value) -> properties.put("middlemile.sandbox.env." + variable, value));
                properties.put(EngineLauncher.SERVE_WEBHOOKS, true);
                properties.put("server.port", port);
                properties.put("middlemile.embedded-db.dir", scratch.resolve("pg").toString());
                out.println("Sandbox: a scratch state store (the workspace's ledger and journal are not touched)");
                try (ConfigurableApplicationContext context = EngineLauncher.start(root, true, false, true, null, null, properties)) {
                    return loop(context, out, sender, writebacks, interests, hubspot, instantly, unipile);
                }
            } finally {
                stops.forEach(Runnable::run);
                deleteQuietly(scratch);
            }
        }

        private int loop(ConfigurableApplicationContext context, PrintStream out, RouteInfo sender, List<RouteInfo> writebacks,
                         List<RouteInfo> interests, HubSpotEmulator hubspot, InstantlyEmulator instantly, UnipileEmulator unipile)
                throws InterruptedException {
            Workspace workspace = context.getBean(Workspace.class);
            RunStore runs = context.getBean(RunStore.class);
            OutreachRuns outreach = context.getBean(OutreachRuns.class);
            CamelContext camel = context.getBean(CamelContext.class);
            JobRun sent = run(camel, sender, out, workspace, runs);
            if (sent == null) {
                return 1;
            }
            JobCommand.Run.printOutreach(out, outreach, sent);
            if (instantly != null) {
                instantly.startDelivering(Duration.ofMillis(250));
            }
            if (unipile != null) {
                unipile.startDelivering(Duration.ofMillis(250));
            }
            out.printf("%nWaiting up to %d s for the emulated people to reply, bounce, unsubscribe and accept invitations...%n", waitSeconds);
            long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
            int delivered = -1;
            int quietFor = 0;
            // the emulators answer within a few seconds; stop once nothing new was delivered for two seconds
            while (System.nanoTime() < deadline && quietFor < 8) {
                Thread.sleep(250);
                int now = (instantly == null ? 0 : instantly.deliveries().size()) + (unipile == null ? 0 : unipile.deliveries().size());
                boolean pending = unipile != null && unipile.pendingDeliveries() > 0;
                quietFor = now == delivered && !pending && now > 0 ? quietFor + 1 : 0;
                delivered = now;
            }
            out.printf("Webhook deliveries received: %d%n", Math.max(delivered, 0));
            long written = 0;
            for (RouteInfo writeback : writebacks) {
                JobRun run = run(camel, writeback, out, workspace, runs);
                if (run == null) {
                    return 1;
                }
                written += run.written();
            }
            if (!interests.isEmpty() && !interest(context, out, sent, interests, hubspot, instantly, workspace, runs, camel)) {
                return 1;
            }
            OutreachSummary summary = outreach.summaries(sent.id()).getOrDefault(name, OutreachSummary.empty(name));
            OutreachSummary loop = new OutreachSummary(summary.name(), summary.enrolled(), summary.invited(), summary.suppressed(),
                    summary.deferred(), summary.deferredUntil(), summary.deferredWhy(), summary.rejected(), (int) written);
            out.println();
            out.println("The loop, rehearsed:");
            loop.lines().forEach(line -> out.println("  " + line));
            out.println("Nothing left this machine; the emulators and the scratch store are gone when this command ends.");
            return sent.status() == JobRun.Status.SUCCEEDED ? 0 : JobCommand.exitCode(sent);
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
        private static JobRun run(CamelContext camel, RouteInfo route, PrintStream out, Workspace workspace, RunStore runs) {
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
            out.printf("%nRunning job %s from %s:%d%n", route.id(), route.file(), route.line());
            JobRun run = consumer.runJob();
            JobCommand.Run.printSummary(out, workspace, route, run, runs);
            return run;
        }

        /** Points the connection at an emulator and gives it made-up credentials. */
        private static void emulate(Map<String, Object> properties, Map<String, String> environment, ConnectorConfig connection, String baseUrl) {
            properties.put("middlemile.sandbox.base-url." + connection.id(), baseUrl);
            Rehearsal.credentials(connection, TOKEN, environment);
        }

        /** The connection's webhook secret header and a made-up secret, handed to the emulator's subscription. */
        private static void subscribe(ConnectorConfig connection, Map<String, String> environment,
                                      java.util.function.BiConsumer<String, String> subscription) {
            if (connection.webhooks() == null || connection.webhooks().secretHeader() == null) {
                return; // validation says a route reading its events needs the section
            }
            String secret = "rehearsal-secret-" + connection.id();
            SecretRefs.variable(connection.webhooks().secret()).ifPresent(variable -> environment.put(variable, secret));
            subscription.accept(connection.webhooks().secretHeader(), secret);
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free local port for the rehearsal's webhooks", e);
            }
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

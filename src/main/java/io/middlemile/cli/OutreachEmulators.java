package io.middlemile.cli;

import io.middlemile.connector.hubspot.HubSpotProvider;
import io.middlemile.connector.instantly.InstantlyProvider;
import io.middlemile.connector.unipile.UnipileProvider;
import io.middlemile.sandbox.hubspot.EmulatorSettings;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.sandbox.instantly.InstantlyEmulator;
import io.middlemile.sandbox.unipile.UnipileEmulator;
import io.middlemile.sandbox.unipile.UnipileEmulatorSettings;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.OutreachConfig;
import io.middlemile.workspace.SecretRefs;
import io.middlemile.workspace.Workspace;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The emulators of an outreach loop as `outreach rehearse` and `demo` start them in this process: HubSpot as the CRM,
 * Instantly and Unipile as the channels of an outreach file, with made-up credentials, the emulated people answering
 * within seconds and their webhooks delivered to this engine ({@link #webhookPort()}) with the secret header. The
 * connector files are not changed: the engine gets the emulators' base URLs and credentials as
 * {@code middlemile.sandbox.*} properties ({@link #properties()}).
 */
final class OutreachEmulators implements AutoCloseable {

    static final String TOKEN = "rehearsal-token";

    private final int webhookPort = freePort();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final List<Runnable> stops = new ArrayList<>();
    private HubSpotEmulator hubspot;
    private InstantlyEmulator instantly;
    private UnipileEmulator unipile;

    /** Starts HubSpot, seeded with {@code contacts}, and points every HubSpot connection in {@code crms} at it. */
    HubSpotEmulator startHubSpot(Workspace workspace, Collection<String> crms, Path contacts, PrintStream out) {
        hubspot = HubSpotEmulator.start(EmulatorSettings.defaults(TOKEN), 0);
        stops.add(hubspot::stop);
        int seeded = seed(contacts, "HubSpot", "HubSpot property names (email, firstname, lastname, company, ...)",
                () -> hubspot.seedCsv("contacts", contacts));
        for (String connection : crms) {
            ConnectorConfig crm = workspace.connectors().get(connection);
            if (crm != null && HubSpotProvider.TYPE.equals(crm.type())) {
                emulate(crm, hubspot.baseUrl());
            }
        }
        out.printf("Sandbox: HubSpot -> %s (%d contacts from %s)%n", hubspot.baseUrl(), seeded, workspace.root().relativize(contacts));
        return hubspot;
    }

    /** Starts the channels of the outreach file {@code name}: Instantly for its email, Unipile (seeded with {@code people}) for LinkedIn. */
    void startChannels(Workspace workspace, String name, OutreachConfig config, Path people, PrintStream out) {
        String engine = "http://127.0.0.1:" + webhookPort + "/webhooks/";
        if (config.email() != null) {
            ConnectorConfig connection = workspace.connectors().get(config.email().connection());
            instantly = InstantlyEmulator.start(TOKEN, 0, Clock.systemUTC(), InstantlyEmulator.PER_SECOND, InstantlyEmulator.PER_MINUTE,
                    // replies, bounces, unsubscribes and auto-replies two seconds after enrolment, so the loop closes in a rehearsal
                    new InstantlyEmulator.Simulation(Duration.ofSeconds(2), 0.35, 0.15, 0.15, 0.10, 7,
                            List.of(Duration.ofSeconds(1), Duration.ofSeconds(2))));
            stops.add(instantly::stop);
            if (config.email().campaign() != null) {
                instantly.addCampaign(config.email().campaign(), "rehearsal of outreach/" + name + ".yaml");
            }
            emulate(connection, instantly.apiBaseUrl());
            InstantlyEmulator email = instantly;
            subscribe(connection, (header, secret) -> email.addWebhook(engine + InstantlyProvider.TYPE + "/"
                    + connection.id(), "all_events", null, Map.of(header, secret)));
            out.printf("Sandbox: Instantly -> %s%n", instantly.apiBaseUrl());
        }
        if (config.linkedin() != null) {
            ConnectorConfig connection = workspace.connectors().get(config.linkedin().connection());
            List<UnipileEmulatorSettings.Account> accounts = config.linkedin().accounts().stream().map(account -> account.isPremium()
                    ? UnipileEmulatorSettings.Account.premium(account.id(), account.id(), ZoneId.of(account.timeZone()))
                    : UnipileEmulatorSettings.Account.free(account.id(), account.id(), ZoneId.of(account.timeZone()))).toList();
            unipile = UnipileEmulator.start(UnipileEmulatorSettings.defaults(TOKEN).withAccounts(accounts)
                    .withPeople(new UnipileEmulatorSettings.Behaviour(0.6, Duration.ofSeconds(2), Duration.ZERO, 0.5,
                            Duration.ofSeconds(2), "Thanks for reaching out, happy to talk next week.", 7))
                    .withRetryDelays(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2))), 0);
            stops.add(unipile::stop);
            UnipileEmulator profilesTo = unipile;
            int profiles = seed(people, "Unipile", "public_identifier, first_name, last_name, headline",
                    () -> profilesTo.seedProfiles(people));
            emulate(connection, unipile.apiBaseUrl());
            UnipileEmulator linkedin = unipile;
            subscribe(connection, (header, secret) -> {
                String url = engine + UnipileProvider.TYPE + "/" + connection.id();
                linkedin.addWebhook(url, "users", "rehearsal relations", Map.of(header, secret));
                linkedin.addWebhook(url, "messaging", "rehearsal messages", Map.of(header, secret));
            });
            out.printf("Sandbox: Unipile -> %s (%d LinkedIn profiles from %s)%n", unipile.apiBaseUrl(), profiles,
                    workspace.root().relativize(people));
        }
    }

    /**
     * Seeds an emulator from a file the operator gave, or says why it cannot: a file that is not CSV, or whose header row
     * the emulator refuses, stops the rehearsal before the engine starts (a loop on half-seeded data would mislead).
     */
    private static int seed(Path file, String emulator, String columns, java.util.function.IntSupplier seeding) {
        try {
            return seeding.getAsInt();
        } catch (IllegalArgumentException e) {
            throw new SeedRefused("Could not seed the " + emulator + " emulator from " + file + ": " + e.getMessage()
                    + (e instanceof io.middlemile.sandbox.SeedCsv.NotCsv ? "" : ". The header row must hold " + columns)
                    + ". Nothing was run.", e);
        }
    }

    /** Whether {@code --wait} is negative, after saying so: how long to wait for the emulated people's answers. */
    static boolean refusesWait(int waitSeconds) {
        if (waitSeconds < 0) {
            System.err.printf("--wait %d: give how many seconds to wait for the emulated people's answers, 0 or more.%n", waitSeconds);
        }
        return waitSeconds < 0;
    }

    /** A seed file an emulator cannot take; the message says which, why and what its header row must hold. */
    static final class SeedRefused extends RuntimeException {
        SeedRefused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Lets the emulated people answer and waits, up to {@code waitSeconds}, until their webhooks stop coming (the emulators
     * answer within a few seconds: it stops once nothing new was delivered for two seconds).
     *
     * @return the webhook deliveries made
     */
    int awaitAnswers(int waitSeconds) throws InterruptedException {
        if (instantly != null) {
            instantly.startDelivering(Duration.ofMillis(250));
        }
        if (unipile != null) {
            unipile.startDelivering(Duration.ofMillis(250));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
        int delivered = -1;
        int quietFor = 0;
        while (System.nanoTime() < deadline && quietFor < 8) {
            Thread.sleep(250);
            int now = (instantly == null ? 0 : instantly.deliveries().size()) + (unipile == null ? 0 : unipile.deliveries().size());
            boolean pending = unipile != null && unipile.pendingDeliveries() > 0;
            quietFor = now == delivered && !pending && now > 0 ? quietFor + 1 : 0;
            delivered = now;
        }
        return Math.max(delivered, 0);
    }

    /** Points the connection at an emulator and gives it made-up credentials. */
    void emulate(ConnectorConfig connection, String baseUrl) {
        properties.put("middlemile.sandbox.base-url." + connection.id(), baseUrl);
        Rehearsal.credentials(connection, TOKEN, environment);
    }

    /** The connection's webhook secret header and a made-up secret, handed to the emulator's subscription. */
    private void subscribe(ConnectorConfig connection, BiConsumer<String, String> subscription) {
        if (connection.webhooks() == null || connection.webhooks().secretHeader() == null) {
            return; // validation says a route reading its events needs the section
        }
        String secret = "rehearsal-secret-" + connection.id();
        SecretRefs.variable(connection.webhooks().secret()).ifPresent(variable -> environment.put(variable, secret));
        subscription.accept(connection.webhooks().secretHeader(), secret);
    }

    /** The made-up credentials of the emulated connections, for validating the jobs before the engine starts. */
    Map<String, String> environment() {
        return environment;
    }

    /**
     * The engine properties: the emulators' base URLs and credentials, and an engine that serves HTTP on
     * {@link #webhookPort()} so the emulators can deliver their webhooks to it.
     */
    Map<String, Object> properties() {
        Map<String, Object> engine = new LinkedHashMap<>(properties);
        environment.forEach((variable, value) -> engine.put("middlemile.sandbox.env." + variable, value));
        engine.put(EngineLauncher.SERVE_WEBHOOKS, true);
        engine.put("server.port", webhookPort);
        return engine;
    }

    int webhookPort() {
        return webhookPort;
    }

    /**
     * Says whether the engine listens where the emulators send their webhooks: a {@code SERVER_PORT} in the environment
     * (or a {@code server.port} system property) outranks the port chosen here, and every reply would then be lost.
     */
    boolean reaches(org.springframework.context.ConfigurableApplicationContext engine, java.io.PrintStream err) {
        Integer port = engine.getEnvironment().getProperty("local.server.port", Integer.class);
        if (port != null && port == webhookPort) {
            return true;
        }
        err.printf("The engine listens on port %s, but the emulators send their webhooks to port %d: SERVER_PORT (or"
                + " server.port) is set in your environment and overrides the rehearsal's port. Unset it and run again.%n", port, webhookPort);
        return false;
    }

    HubSpotEmulator hubspot() {
        return hubspot;
    }

    InstantlyEmulator instantly() {
        return instantly;
    }

    UnipileEmulator unipile() {
        return unipile;
    }

    @Override
    public void close() {
        stops.forEach(Runnable::run);
        stops.clear();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port for the emulators' webhooks", e);
        }
    }
}

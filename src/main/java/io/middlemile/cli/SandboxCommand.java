package io.middlemile.cli;

import io.middlemile.connector.Providers;
import io.middlemile.connector.apollo.ApolloProvider;
import io.middlemile.connector.hubspot.HubSpotProvider;
import io.middlemile.connector.instantly.InstantlyProvider;
import io.middlemile.connector.salesforce.SalesforceProvider;
import io.middlemile.connector.unipile.UnipileProvider;
import io.middlemile.connector.crustdata.CrustdataProvider;
import io.middlemile.sandbox.crustdata.CrustdataEmulator;
import io.middlemile.sandbox.enrichment.EnrichmentWorld;
import io.middlemile.connector.fullenrich.FullEnrichProvider;
import io.middlemile.sandbox.hubspot.EmulatorSettings;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.sandbox.instantly.InstantlyEmulator;
import io.middlemile.sandbox.salesforce.SalesforceEmulator;
import io.middlemile.sandbox.salesforce.SalesforceEmulatorSettings;
import io.middlemile.sandbox.unipile.UnipileEmulator;
import io.middlemile.sandbox.unipile.UnipileEmulatorSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.ToIntBiFunction;

/**
 * {@code middlemile sandbox hubspot|salesforce}: a stateful emulator on a local port, seeded from CSV
 * exports, to rehearse a plan before touching production. Point a connector's baseUrl at it.
 *
 * <p>The emulators are registered here, keyed by the provider's type id from
 * {@link io.middlemile.connector.Providers}, because only the cli may depend on the sandbox
 * (the engine must run without it). A provider with an emulator adds one line to {@link #EMULATORS}.
 */
@Command(name = "sandbox", description = "Start a provider emulator (HubSpot, Salesforce, Instantly, Unipile, ...) on a local port, seeded from CSV, until stopped (Ctrl-C).")
class SandboxCommand implements Callable<Integer> {

    /** Starts one provider's emulator, seeds it and serves until stopped; returns the exit code. */
    @FunctionalInterface
    private interface Emulator {
        int serve(SandboxCommand command) throws InterruptedException;
    }

    /** Provider type id to its emulator, in the order {@code --help} lists them. */
    private static final Map<String, Emulator> EMULATORS = emulators(Map.of(
            ApolloProvider.TYPE, SandboxCommand::apollo,
            CrustdataProvider.TYPE, SandboxCommand::crustdata,
            HubSpotProvider.TYPE, SandboxCommand::hubspot,
            InstantlyProvider.TYPE, SandboxCommand::instantly,
            FullEnrichProvider.TYPE, SandboxCommand::fullenrich,
            SalesforceProvider.TYPE, SandboxCommand::salesforce,
            UnipileProvider.TYPE, SandboxCommand::unipile));

    /** Sorted, and each key must be a registered provider: an emulator of a type the engine cannot open rehearses nothing. */
    private static Map<String, Emulator> emulators(Map<String, Emulator> byType) {
        Map<String, Emulator> sorted = new LinkedHashMap<>();
        byType.keySet().stream().sorted().forEach(type -> {
            if (Providers.CATALOG.provider(type).isEmpty()) {
                throw new IllegalStateException("sandbox emulator registered for " + type + ", which no provider in Providers declares");
            }
            sorted.put(type, byType.get(type));
        });
        return sorted;
    }

    /** picocli's completion candidates and the "expected one of" list: the types that have an emulator. */
    static final class EmulatedTypes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.copyOf(EMULATORS.keySet()).iterator();
        }
    }

    @Parameters(paramLabel = "PROVIDER", completionCandidates = EmulatedTypes.class,
            description = "the API to emulate: ${COMPLETION-CANDIDATES}")
    String provider;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8089", description = "port to listen on (default ${DEFAULT-VALUE}; 0 picks a free one)")
    int port;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "sandbox-token",
            description = "HubSpot: the bearer token it accepts; Salesforce: the connected app's client secret (client id: sandbox);"
                    + " Instantly, Unipile and the enrichment providers: the API key")
    String token;

    /** How the start line names the key it accepts: the default by its value (it is in the README), a chosen one not. */
    private String tokenNote() {
        return tokenNote(token);
    }

    static String tokenNote(String token) {
        return "sandbox-token".equals(token) ? "sandbox-token, the default; --token sets another" : "the --token value";
    }

    @Option(names = "--seed", paramLabel = "OBJECT=FILE.csv", description = "seed an object from a CSV export whose header row"
            + " holds property names, e.g. --seed contacts=contacts.csv (repeatable, seeded in order). HubSpot: a column"
            + " associations.companies (or .contacts, .deals) lists ';'-separated ids of records seeded before; ids are"
            + " 1001, 1002, ... in seeding order, so seed companies first")
    Map<String, Path> seeds = new LinkedHashMap<>();

    @Option(names = "--webhook", paramLabel = "URL", description = "Instantly and Unipile: a webhook subscription the emulator"
            + " fires its simulated events at, e.g. http://localhost:8080/webhooks/unipile/linkedin (repeatable)")
    List<String> webhookUrls = new ArrayList<>();

    /** The emulators that fire simulated events at --webhook URLs. */
    private static final List<String> WEBHOOK_SENDERS = List.of("instantly", "unipile");

    @Option(names = "--webhook-header", paramLabel = "NAME=VALUE", description = "a header sent with every webhook delivery,"
            + " e.g. X-Middlemile-Secret=the value of the connection's webhook secret (repeatable)")
    Map<String, String> webhookHeaders = new LinkedHashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        Emulator emulator = EMULATORS.get(provider);
        if (emulator == null) {
            System.err.printf("There is no emulator for \"%s\"; expected one of %s.%n", provider, EMULATORS.keySet());
            return 2;
        }
        if (port < 0 || port > 65535) {
            System.err.printf("--port %d is not a port: give a number from 1 to 65535, or 0 for any free one.%n", port);
            return 2;
        }
        // options an emulator has no use for would be dropped without a word: a rehearsal then waits for events that
        // never come (an emulator refuses a --seed it has no use for itself)
        if (!webhookUrls.isEmpty() && !WEBHOOK_SENDERS.contains(provider)) {
            System.err.printf("--webhook is for the emulators that send events (%s); the %s emulator sends none. Nothing was"
                    + " started.%n", String.join(", ", WEBHOOK_SENDERS), provider);
            return 2;
        }
        if (!webhookHeaders.isEmpty() && webhookUrls.isEmpty()) {
            System.err.println("--webhook-header is sent with the deliveries to a --webhook URL; give that too. Nothing was started.");
            return 2;
        }
        for (String url : webhookUrls) {
            // the emulator would only fail on its first delivery, seconds later and on a thread nobody watches
            if (!url.matches("(?i)https?://[^/\\s]+(/\\S*)?")) {
                System.err.printf("--webhook %s is not a URL; give the address the events go to, e.g."
                        + " http://localhost:8080/webhooks/unipile/linkedin.%n", url);
                return 2;
            }
        }
        try {
            return emulator.serve(this);
        } catch (io.middlemile.sandbox.EmulatorStartException e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }

    private int hubspot() throws InterruptedException {
        HubSpotEmulator emulator = HubSpotEmulator.start(EmulatorSettings.defaults(token), port);
        return seedAndServe(emulator::seedCsv, emulator::stop, "HubSpot property names (email, firstname, lastname, ...);"
                + " map your export to them with a job first", "HubSpot emulator listening on " + emulator.baseUrl()
                + " (bearer token: " + tokenNote() + "). Set baseUrl: " + emulator.baseUrl() + " in a connector file to rehearse"
                + " against it. Stop with Ctrl-C.");
    }

    /** Instantly starts with one campaign and one list, printed with their ids; --token is the API key. */
    private int instantly() throws InterruptedException {
        if (!seeds.isEmpty()) {
            System.err.println("The Instantly emulator takes no --seed: it starts with one campaign and one list, and its leads are"
                    + " the ones a job enrols (POST /api/v2/leads/add). Nothing was started.");
            return 2;
        }
        InstantlyEmulator emulator = InstantlyEmulator.start(token, port);
        String campaign = emulator.addCampaign("Sandbox campaign");
        String list = emulator.addList();
        webhookUrls.forEach(url -> emulator.addWebhook(url, "all_events", null, webhookHeaders));
        emulator.startDelivering(Duration.ofSeconds(1));
        InstantlyEmulator.Simulation simulation = InstantlyEmulator.Simulation.rehearsal();
        System.out.println("Simulated events " + simulation.after().toSeconds() + " s after a lead is added to a campaign: "
                + percent(simulation.replyShare()) + " reply, " + percent(simulation.bounceShare()) + " bounce, "
                + percent(simulation.unsubscribeShare()) + " unsubscribe, " + percent(simulation.autoReplyShare())
                + " auto-reply; delivered to " + (webhookUrls.isEmpty() ? "the webhooks created with POST /api/v2/webhooks"
                : webhookUrls + " and the webhooks created with POST /api/v2/webhooks") + ".");
        System.out.println("Instantly emulator listening on " + emulator.apiBaseUrl() + " (bearer token: " + tokenNote() + ";"
                + " campaign " + campaign + ", list " + list + "; 100 requests/s and 6,000/min, then 429). Set baseUrl: "
                + emulator.apiBaseUrl() + " in a connector file to rehearse against it. Stop with Ctrl-C.");
        return serveUntilStopped(emulator::stop);
    }

    /**
     * Unipile: the accounts acc-premium (paid) and acc-free, people from --seed people=FILE.csv (public_identifier,
     * first_name, last_name, headline); --token is the X-API-KEY; half the invited accept and half those written to reply
     * after 5 s, fired at the --webhook URLs and the webhooks created with POST /api/v1/webhooks.
     */
    private int unipile() throws InterruptedException {
        UnipileEmulatorSettings settings = UnipileEmulatorSettings.defaults(token);
        UnipileEmulator emulator = UnipileEmulator.start(settings, port);
        for (String url : webhookUrls) {
            emulator.addWebhook(url, "users", "middlemile", webhookHeaders);
            emulator.addWebhook(url, "messaging", "middlemile", webhookHeaders);
        }
        emulator.startDelivering(Duration.ofSeconds(1));
        return seedAndServe((object, file) -> {
            if (!"people".equals(object)) {
                throw new IllegalArgumentException("the Unipile emulator seeds people only (--seed people=FILE.csv), not " + object);
            }
            return emulator.seedProfiles(file);
        }, emulator::stop, "public_identifier, first_name, last_name, headline", "Unipile emulator listening on "
                + emulator.apiBaseUrl() + " (X-API-KEY: " + tokenNote() + "; LinkedIn accounts acc-premium (paid, notes up to 300"
                + " characters) and acc-free (200); 100 invitations a day and 200 (paid) or 150 (free) a week, 100 profile"
                + " look-ups and 150 messages a day per account, then 429). Half the people invited accept and half those"
                + " written to reply, 5 s later. Set baseUrl: " + emulator.apiBaseUrl() + " in a connector file to rehearse"
                + " against it. Stop with Ctrl-C.");
    }

    private static String percent(double share) {
        return Math.round(share * 100) + "%";
    }

    /** Apollo answers from the bundled enrichment world unless --seed people=FILE / companies=FILE are given; --token is the API key. */
    private int apollo() throws InterruptedException {
        EnrichmentWorld world = world();
        if (world == null) {
            return 1;
        }
        EnrichmentEmulators.Started emulator = EnrichmentEmulators.BY_TYPE.get(ApolloProvider.TYPE).start(token, world, port, null);
        System.out.println("Apollo emulator listening on " + emulator.baseUrl() + " (x-api-key: " + tokenNote() + "). Set baseUrl: "
                + emulator.baseUrl() + " in a connector file to rehearse against it. Stop with Ctrl-C.");
        return serveUntilStopped(emulator.stop());
    }

    /**
     * The people and companies the enrichment emulators find: the bundled world, or --seed people=FILE / companies=FILE;
     * null after saying on stderr why the seeds cannot be used (a rehearsal on half-seeded data would mislead).
     */
    private EnrichmentWorld world() {
        if (seeds.isEmpty()) {
            return EnrichmentWorld.bundled();
        }
        List<String> unknown = seeds.keySet().stream().filter(object -> !List.of("people", "companies").contains(object)).toList();
        if (!unknown.isEmpty()) {
            System.err.printf("The enrichment emulators are seeded with people and companies (--seed people=FILE.csv"
                    + " --seed companies=FILE.csv), not %s. Nothing was started.%n", String.join(", ", unknown));
            return null;
        }
        EnrichmentWorld world;
        try {
            world = EnrichmentWorld.load(seeds.get("people"), seeds.get("companies"));
        } catch (IllegalArgumentException e) {
            System.err.printf("Could not seed the enrichment world: %s. Nothing was started.%n", e.getMessage());
            return null;
        }
        if (seeds.containsKey("people")) {
            System.out.printf("Seeded %d people from %s%n", world.people().size(), seeds.get("people"));
        }
        if (seeds.containsKey("companies")) {
            System.out.printf("Seeded %d companies from %s%n", world.companies().size(), seeds.get("companies"));
        }
        return world;
    }

    private int salesforce() throws InterruptedException {
        SalesforceEmulator emulator = SalesforceEmulator.start(SalesforceEmulatorSettings.defaults("sandbox", token), port);
        return seedAndServe(emulator::seedCsv, emulator::stop, "the object's field names (Email, FirstName, LastName, ...; for"
                        + " queues, Group=FILE with Name, Email and SupportedObjects, e.g. Lead;Case)",
                "Salesforce emulator listening on " + emulator.baseUrl() + " (OAuth client credentials: client id sandbox,"
                        + " client secret " + tokenNote() + "). Set baseUrl: " + emulator.baseUrl() + " in a connector file to"
                        + " rehearse against it. Stop with Ctrl-C.");
    }

    /** The bundled enrichment world, or --seed people=FILE / companies=FILE; --token is the API key. */
    private int crustdata() throws InterruptedException {
        EnrichmentWorld world = world();
        if (world == null) {
            return 1;
        }
        EnrichmentEmulators.Started emulator = EnrichmentEmulators.BY_TYPE.get(CrustdataProvider.TYPE).start(token, world, port, null);
        System.out.println("Crustdata emulator listening on " + emulator.baseUrl() + " (" + world.people().size() + " people, "
                + world.companies().size() + " companies; API key: " + tokenNote() + ", header x-api-version: "
                + CrustdataEmulator.API_VERSION + "). Set baseUrl: " + emulator.baseUrl() + " in a connector file to rehearse"
                + " against it. Stop with Ctrl-C.");
        return serveUntilStopped(emulator.stop());
    }

    /** FullEnrich answers from the bundled enrichment world, or from --seed people=FILE / companies=FILE. */
    private int fullenrich() throws InterruptedException {
        EnrichmentWorld world = world();
        if (world == null) {
            return 1;
        }
        EnrichmentEmulators.Started emulator = EnrichmentEmulators.BY_TYPE.get(FullEnrichProvider.TYPE).start(token, world, port, null);
        System.out.println("FullEnrich emulator listening on " + emulator.baseUrl() + " (API key: " + tokenNote() + "; "
                + world.people().size() + " people). Set baseUrl: " + emulator.baseUrl() + " in a fullenrich connector file to"
                + " rehearse against it. Stop with Ctrl-C.");
        return serveUntilStopped(emulator.stop());
    }

    /**
     * Seeds a started emulator from every {@code --seed}, in order, then serves until stopped. A seed that fails
     * (an unknown column, an unreadable file) stops the emulator and says what the header row must hold: a
     * rehearsal on half-seeded data would mislead.
     *
     * @param seed       seeds one object from one CSV file and returns how many records it made
     * @param columns    what the header row must hold, to follow "The header row must hold "
     * @param listening  the line that says where it listens and how to authenticate
     */
    private int seedAndServe(ToIntBiFunction<String, Path> seed, Runnable stop, String columns, String listening)
            throws InterruptedException {
        for (Map.Entry<String, Path> file : seeds.entrySet()) {
            try {
                System.out.printf("Seeded %d %s from %s%n", seed.applyAsInt(file.getKey(), file.getValue()), file.getKey(), file.getValue());
            } catch (RuntimeException e) {
                stop.run();
                String reason = String.valueOf(e.getMessage());
                System.err.printf("Could not seed %s from %s: %s%n", file.getKey(), file.getValue(),
                        reason.length() > 300 ? reason.substring(0, 300) + "…" : reason);
                if (java.nio.file.Files.isRegularFile(file.getValue()) && !(e instanceof io.middlemile.sandbox.SeedCsv.NotCsv)) {
                    System.err.printf("The header row must hold %s.%n", columns);
                }
                return 1;
            }
        }
        System.out.println(listening);
        return serveUntilStopped(stop);
    }

    private static int serveUntilStopped(Runnable stop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            stopped.countDown();
        }, "sandbox-shutdown"));
        stopped.await();
        return 0;
    }
}

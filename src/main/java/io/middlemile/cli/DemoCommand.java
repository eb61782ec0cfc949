package io.middlemile.cli;

import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorFactory;
import io.middlemile.connector.Providers;
import io.middlemile.connector.WebhookReceiver;
import io.middlemile.dedupe.ClusterPlan;
import io.middlemile.dedupe.DedupeResult;
import io.middlemile.dedupe.DedupeRules;
import io.middlemile.dedupe.MatchDecision;
import io.middlemile.match.IndexBuild;
import io.middlemile.store.MatchIndexStore;
import io.middlemile.enrich.EnrichmentRuns;
import io.middlemile.enrich.Tally;
import io.middlemile.mapping.Mapper;
import io.middlemile.mapping.Transforms;
import io.middlemile.model.SourceRef;
import io.middlemile.outreach.OutreachRuns;
import io.middlemile.outreach.OutreachSummary;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.store.AssignmentStore;
import io.middlemile.store.CrosswalkStore;
import io.middlemile.store.DedupeRunStore;
import io.middlemile.store.JobRun;
import io.middlemile.store.JournalEntry;
import io.middlemile.store.JournalStore;
import io.middlemile.store.RecordOutcome;
import io.middlemile.store.RetryQueue;
import io.middlemile.store.RunStore;
import io.middlemile.sync.MappedSource;
import io.middlemile.workspace.DedupeConfig;
import io.middlemile.workspace.HubEndpoint;
import io.middlemile.workspace.MappingConfig;
import io.middlemile.workspace.OutreachConfig;
import io.middlemile.workspace.RouteInfo;
import io.middlemile.workspace.Workspace;
import io.middlemile.workspace.WorkspaceLoader;
import org.apache.camel.CamelContext;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code middlemile demo}: the README's first command. The whole middle mile of the sample workspace on this machine, with
 * no keys: HubSpot, Crustdata, FullEnrich, Apollo, Instantly and Unipile are emulators started here; the jobs are the
 * workspace's own ({@code import-to-hubspot}, then the outreach file's sending and write-back jobs), and their runs,
 * journal and ledger stay in the workspace's state store, so {@code middlemile run}'s console shows them afterwards.
 */
@Command(name = "demo", description = "Run the sample's whole middle mile against emulators, with no keys: a messy CSV standardized,"
        + " matched against HubSpot, enriched, assigned, written to HubSpot, enrolled in Instantly and invited on LinkedIn,"
        + " replies written back. Keeps the runs in the workspace's state store for the console.")
class DemoCommand implements Callable<Integer> {

    static final String IMPORT_JOB = "import-to-hubspot";
    static final String OUTREACH = "outbound";
    static final String MATCH_RULE = "contacts";
    private static final String INDENT = " ".repeat(17);

    @Mixin
    WorkspaceOption workspace;

    @Option(names = "--hubspot", paramLabel = "FILE", defaultValue = "samples/demo/hubspot-contacts.csv",
            description = "the contacts the emulated HubSpot starts with (HubSpot property names as columns; default ${DEFAULT-VALUE})")
    Path hubspotContacts;

    @Option(names = "--people", paramLabel = "FILE", defaultValue = "samples/unipile/people.csv",
            description = "the LinkedIn profiles the emulated Unipile knows (default ${DEFAULT-VALUE})")
    Path people;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "20",
            description = "how long to wait for the emulated replies and acceptances (default ${DEFAULT-VALUE})")
    int waitSeconds;

    /** Called with the emulators once the loop has run, before they stop: what a test looks at. */
    Consumer<OutreachEmulators> afterLoop = emulators -> { };

    /** The jobs of the loop, found in the workspace before anything starts. */
    private record Loop(RouteInfo importJob, RouteInfo sender, List<RouteInfo> writebacks, OutreachConfig outreach) {
    }

    @Override
    public Integer call() throws Exception {
        if (OutreachEmulators.refusesWait(waitSeconds)) {
            return 2;
        }
        long started = System.nanoTime();
        Path root = workspace.resolve();
        PrintStream out = System.out;
        // every check but the secrets, which the emulators' made-up credentials answer; the engine checks all again as it starts
        WorkspaceLoader.Result checked = new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).forJob(null).load(root);
        if (!ValidateCommand.report(root, checked, new PrintStream(PrintStream.nullOutputStream()), System.err,
                "Fix them and run `middlemile demo` again; nothing was started.")) {
            return 1;
        }
        Workspace loaded = checked.workspace();
        Loop loop = loop(loaded);
        if (loop == null) {
            return 1;
        }
        Path contactsFile = root.resolve(hubspotContacts);
        Path peopleFile = root.resolve(people);
        for (Path file : List.of(contactsFile, peopleFile)) {
            if (!Files.isRegularFile(file)) {
                System.err.printf("%s does not exist; give the file with %s FILE.%n", file, file == contactsFile ? "--hubspot" : "--people");
                return 1;
            }
        }
        Set<String> crms = new LinkedHashSet<>(loop.importJob().connections());
        crms.addAll(loop.sender().connections());
        loop.writebacks().forEach(route -> crms.addAll(route.connections()));
        // where the emulators listen is said once the loop is sure to run: a second demo on this store stops before it
        java.io.ByteArrayOutputStream sandboxLines = new java.io.ByteArrayOutputStream();
        PrintStream sandbox = new PrintStream(sandboxLines, true, java.nio.charset.StandardCharsets.UTF_8);
        try (OutreachEmulators emulators = new OutreachEmulators();
             Rehearsal enrichment = Rehearsal.start(loaded, loop.importJob(), crms::contains)) {
            enrichment.describe().forEach(line -> sandbox.println("Sandbox: " + line));
            try {
                emulators.startHubSpot(loaded, crms, contactsFile, sandbox);
                emulators.startChannels(loaded, OUTREACH, loop.outreach(), peopleFile, sandbox);
            } catch (OutreachEmulators.SeedRefused e) {
                System.err.println(e.getMessage());
                return 1;
            }
            Map<String, Object> properties = new LinkedHashMap<>(enrichment.properties());
            properties.putAll(emulators.properties());
            try (ConfigurableApplicationContext engine = EngineLauncher.start(root, true, false, true, null, null, properties)) {
                if (!emulators.reaches(engine, System.err)) {
                    return 1;
                }
                RunStore runs = engine.getBean(RunStore.class);
                List<JobRun> before = runs.history(IMPORT_JOB, 1);
                if (!before.isEmpty()) {
                    System.err.printf("The sample loop already ran on this state store (job %s, run %d). Its HubSpot, Instantly and"
                            + " Unipile were emulators that ended with it, so a second loop would update contacts that no longer"
                            + " exist.%nSee what it did in the console: %s%nTo run the loop again from the start, delete this"
                            + " workspace's state store (its runs, journal and ledger go with it): rm -rf %s, then run"
                            + " `./middlemile demo` again.%n", IMPORT_JOB, before.get(0).id(), consoleCommand(),
                            root.relativize(engine.getBean(Workspace.class).stateDir()));
                    return 1;
                }
                out.print(sandboxLines.toString(java.nio.charset.StandardCharsets.UTF_8));
                out.printf("Engine ready in %.1f s, on the workspace's state store.%n%n", (System.nanoTime() - started) / 1e9);
                return stages(engine, loop, emulators, out);
            }
        }
    }

    private int stages(ConfigurableApplicationContext engine, Loop loop, OutreachEmulators emulators, PrintStream out) throws Exception {
        Workspace ws = engine.getBean(Workspace.class);
        RunStore runs = engine.getBean(RunStore.class);
        CamelContext camel = engine.getBean(CamelContext.class);
        HubSpotEmulator hubspot = emulators.hubspot();
        int inHubSpot = hubspot.store().count("contacts");

        Matched matched = match(engine, ws, loop.importJob());
        JobRun imported = OutreachCommand.Rehearse.runOnce(camel, loop.importJob());
        if (imported == null) {
            return 1;
        }
        String source = JobCommand.Run.describe(ws, imported.sourceConnection(), imported.sourceObject());
        List<RecordOutcome> rejected = runs.outcomes(imported.id(), RecordOutcome.Outcome.REJECTED);
        // rows the CSV reader could not parse wait in the retry queue marked unreadable; the rest reached HubSpot
        Set<String> badRows = runs.pendingRetries(IMPORT_JOB).stream().filter(RetryQueue.Entry::unreadable)
                .map(RetryQueue.Entry::location).collect(Collectors.toSet());
        List<RecordOutcome> unreadable = rejected.stream().filter(outcome -> badRows.contains(outcome.location())).toList();
        List<RecordOutcome> refused = rejected.stream().filter(outcome -> !badRows.contains(outcome.location())).toList();
        stage(out, "1 standardize", "%d rows of %s read, %d standardized, %d unreadable (bad CSV rows, kept with their reason)",
                imported.read(), source, imported.read() - unreadable.size(), unreadable.size());
        stage(out, "2 match", "%d contacts in HubSpot; dedupe/%s.yaml found %d of these people there: %d by email, %d by name,"
                        + " phone and company; %d pairs to review (dedupe run %d: %d clusters to merge, %d for review in all)",
                inHubSpot, MATCH_RULE, matched.linked(), matched.linked() - matched.fuzzy(), matched.fuzzy(), matched.reviews(),
                matched.run(), matched.clusters(), matched.reviewsInAll());
        Tally tally = engine.getBean(EnrichmentRuns.class).tallies(imported.id()).values().stream().findFirst().orElse(null);
        if (tally != null) {
            String providers = tally.byConnection().entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %d/%d",
                    e.getKey(), e.getValue().hits, e.getValue().lookups)).collect(Collectors.joining(", "));
            stage(out, "3 enrich", "hits/lookups: %s; cost %.2f, emulated: nothing spent", providers, tally.cost());
        }
        Map<String, Long> owners = new TreeMap<>(engine.getBean(AssignmentStore.class).madeBy(imported.id()).stream()
                .collect(Collectors.groupingBy(AssignmentStore.Assignment::owner, Collectors.counting())));
        stage(out, "4 assign", "%d leads given owners by assign/leads.yaml: %s", owners.values().stream().mapToLong(Long::longValue).sum(),
                owners.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        Map<String, Long> actions = engine.getBean(JournalStore.class).ofRun(imported.id()).stream()
                .filter(entry -> entry.result() == JournalEntry.Result.APPLIED)
                .collect(Collectors.groupingBy(JournalEntry::action, TreeMap::new, Collectors.counting()));
        stage(out, "5 write", "HubSpot contacts: %d created, %d updated, %d unchanged, %d refused (governed path, journal"
                        + " of run %d)", actions.getOrDefault("create", 0L), actions.getOrDefault("update", 0L),
                imported.skipped(), refused.size(), imported.id());
        refused.stream().limit(3).forEach(outcome -> out.println(INDENT + outcome.location() + "  " + shorten(outcome.reason())));

        JobRun sent = OutreachCommand.Rehearse.runOnce(camel, loop.sender());
        if (sent == null) {
            return 1;
        }
        OutreachSummary outreach = engine.getBean(OutreachRuns.class).summaries(sent.id())
                .getOrDefault(OUTREACH, OutreachSummary.empty(OUTREACH));
        List<String> lines = outreach.lines();
        stage(out, "6 outreach", "%s (run %d)", lines.get(0).replaceFirst("^outreach " + OUTREACH + ": ", ""), sent.id());
        lines.stream().skip(1).forEach(line -> out.println(INDENT + line.strip()));

        int delivered = emulators.awaitAnswers(waitSeconds);
        long written = 0;
        for (RouteInfo writeback : loop.writebacks()) {
            JobRun run = OutreachCommand.Rehearse.runOnce(camel, writeback);
            if (run == null) {
                return 1;
            }
            written += run.written();
        }
        stage(out, "7 replies", "%d webhook events from the emulated people; %d written back to the HubSpot contacts (%d notes)",
                delivered, written, hubspot.store().count("notes"));
        afterLoop.accept(emulators);
        out.println();
        out.println("Nothing left this machine: the emulators are gone when this command ends; the runs, journal and ledger stay in");
        out.println("the workspace's state store. Open the console on them:");
        out.println("  " + consoleCommand());
        return Math.max(JobCommand.exitCode(imported), JobCommand.exitCode(sent));
    }

    private static final Pattern PROVIDER_MESSAGE = Pattern.compile("\"message\":\"([^\"]+)\"");

    /** A reason on one terminal line: the provider's own message when it gave one; the console and the store keep it whole. */
    private static String shorten(String reason) {
        Matcher message = PROVIDER_MESSAGE.matcher(reason);
        String line = message.find() ? "HubSpot refused it: " + message.group(1) : reason;
        return line.length() <= 110 ? line : line.substring(0, 107) + "...";
    }

    private static void stage(PrintStream out, String stage, String format, Object... args) {
        out.printf("%-16s %s%n", stage, String.format(Locale.ROOT, format, args));
    }

    /** The command that serves the console on this store, with a token made up for it. */
    private static String consoleCommand() {
        byte[] token = new byte[12];
        new SecureRandom().nextBytes(token);
        String hex = HexFormat.of().formatHex(token);
        return "MIDDLEMILE_API_TOKENS=ops=" + hex + " ./middlemile run    # then http://127.0.0.1:8080/console, token " + hex;
    }

    /** The people of the legacy export that the HubSpot emulator already holds, by dedupe's rules, and what was linked. */
    /** @param reviews pairs for review between the export and HubSpot; the run's clusters and review pairs count every pair */
    private record Matched(int linked, int fuzzy, int reviews, long run, int clusters, int reviewsInAll) {
    }

    /**
     * Matches the import job's source against the contacts HubSpot holds with the rules of {@code dedupe/contacts.yaml}
     * (its comparisons and thresholds; the HubSpot contacts in place of the rule's HubSpot export) and links each legacy
     * contact of an auto-merge cluster to its HubSpot contact in the crosswalk, so the import job's sync updates that
     * contact instead of creating a duplicate. Pairs in the review band are only counted: a person decides those.
     */
    private static Matched match(ConfigurableApplicationContext engine, Workspace ws, RouteInfo importJob) throws Exception {
        DedupeConfig rule = ws.dedupe().get(MATCH_RULE);
        HubEndpoint read = importJob.endpoints().stream().filter(e -> e.kind() == HubEndpoint.Kind.READ).findFirst().orElseThrow();
        HubEndpoint map = importJob.endpoints().stream().filter(e -> e.kind() == HubEndpoint.Kind.MAP).findFirst().orElseThrow();
        HubEndpoint sync = importJob.endpoints().stream().filter(e -> e.kind() == HubEndpoint.Kind.SYNC).findFirst().orElseThrow();
        String crmMapping = sync.parameters().get("mapping");
        ConnectorFactory connectors = engine.getBean(ConnectorFactory.class);
        Map<String, Mapper> mappers = Mapper.all(ws);
        List<Connector> opened = new ArrayList<>();
        DedupeResult result;
        try {
            List<MappedSource> sources = new ArrayList<>();
            for (String mappingId : List.of(map.mapping(), crmMapping)) {
                MappingConfig mapping = ws.mappings().get(mappingId);
                Connector connector = connectors.open(mapping.connector());
                opened.add(connector);
                sources.add(new MappedSource(connector, mapping.object(), mappers.get(mappingId)));
            }
            DedupeRules rules = DedupeRules.from(rule);
            // saved as the rule's match index too, as `middlemile dedupe contacts` saves it: the outreach stage finds a
            // person already enrolled under another record through it, and the match API answers from it
            try (IndexBuild index = new IndexBuild(engine.getBean(MatchIndexStore.class), MATCH_RULE, rules)) {
                result = DedupeRunner.dedupe(rules, sources, index);
                index.commit(result);
            }
        } finally {
            opened.forEach(Connector::close);
        }
        CrosswalkStore crosswalk = engine.getBean(CrosswalkStore.class);
        Map<SourceRef, UUID> links = new LinkedHashMap<>();
        int fuzzy = 0;
        for (ClusterPlan cluster : result.plan().merges()) {
            List<SourceRef> members = new ArrayList<>(List.of(cluster.master()));
            cluster.duplicates().forEach(pair -> members.add(pair.right()));
            List<SourceRef> legacy = members.stream().filter(ref -> ref.connection().equals(read.connection())).toList();
            List<SourceRef> crm = members.stream().filter(ref -> ref.connection().equals(sync.connection())).toList();
            if (legacy.isEmpty() || crm.isEmpty()) {
                continue;
            }
            SourceRef target = crm.get(0);
            UUID id = crosswalk.canonicalIds(target.connection(), target.object(), List.of(target.sourceId()))
                    .getOrDefault(target.sourceId(), UUID.randomUUID());
            links.put(target, id);
            for (SourceRef person : legacy) {
                links.put(person, id);
                boolean sameEmail = cluster.duplicates().stream().anyMatch(pair -> (pair.left().equals(person) || pair.right().equals(person))
                        && pair.explanation().stream().anyMatch(c -> c.comparison().startsWith("email") && "exact".equals(c.level())));
                fuzzy += sameEmail ? 0 : 1;
            }
        }
        if (!links.isEmpty()) {
            crosswalk.linkAll(rule.entity(), links);
        }
        int linked = (int) links.keySet().stream().filter(ref -> ref.connection().equals(read.connection())).count();
        int reviews = (int) result.plan().reviews().stream().filter(pair -> pair.decision() == MatchDecision.REVIEW)
                .filter(pair -> !pair.left().connection().equals(pair.right().connection())).count();
        // and as a dedupe run, as the command saves it: the console's dedupe page shows these clusters and pairs
        long run = DedupeRunner.saveRun(engine.getBean(DedupeRunStore.class), ws.dedupe().get(MATCH_RULE), result, ws.root());
        return new Matched(linked, fuzzy, reviews, run, result.plan().merges().size(), result.plan().reviews().size());
    }

    /** The loop's jobs: the import, the job sending by outreach/outbound.yaml and its write-backs; null after saying what is missing. */
    private static Loop loop(Workspace ws) {
        RouteInfo importJob = ws.route(IMPORT_JOB).orElse(null);
        OutreachConfig outreach = ws.outreach().get(OUTREACH);
        List<RouteInfo> senders = ws.routes().stream().filter(route -> route.endpoints().stream()
                .anyMatch(e -> e.kind() == HubEndpoint.Kind.ENROL && OUTREACH.equals(e.mapping()))).toList();
        if (importJob == null || outreach == null || senders.size() != 1 || ws.dedupe().get(MATCH_RULE) == null) {
            System.err.printf("`middlemile demo` runs the sample workspace's loop: routes/%s.camel.yaml, outreach/%s.yaml with one job"
                    + " that sends by it (routes/outreach.camel.yaml) and dedupe/%s.yaml. This workspace lacks some of them;"
                    + " run it in the Middlemile repository's folder, or with --workspace pointing there.%n", IMPORT_JOB, OUTREACH, MATCH_RULE);
            return null;
        }
        Set<String> channels = new LinkedHashSet<>();
        if (outreach.email() != null) {
            channels.add(outreach.email().connection());
        }
        if (outreach.linkedin() != null) {
            channels.add(outreach.linkedin().connection());
        }
        List<RouteInfo> writebacks = ws.routes().stream().filter(route -> route.endpoints().stream().anyMatch(e ->
                e.kind() == HubEndpoint.Kind.READ && WebhookReceiver.EVENTS.equals(e.object()) && channels.contains(e.connection())))
                .toList();
        return new Loop(importJob, senders.get(0), writebacks, outreach);
    }
}

package io.middlemile.bench;

import io.middlemile.sandbox.MutableClock;
import io.middlemile.camel.HubReadConsumer;
import io.middlemile.cli.EngineLauncher;
import org.apache.camel.CamelContext;
import io.middlemile.connector.unipile.UnipileConnector;
import io.middlemile.connector.unipile.UnipileSettings;
import io.middlemile.govern.Governance;
import io.middlemile.outreach.OutreachRun;
import io.middlemile.outreach.OutreachRuns;
import io.middlemile.sandbox.instantly.InstantlyEmulator;
import io.middlemile.sandbox.unipile.UnipileEmulator;
import io.middlemile.sandbox.unipile.UnipileEmulatorSettings;
import io.middlemile.store.JobRun;
import io.middlemile.store.OutreachSendStore;
import io.middlemile.store.RunStore;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestWorkspaces;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.OutreachConfig;
import io.middlemile.workspace.PolicyConfig;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Outreach against the emulators:
 * <ol>
 *   <li>10,000 leads enrolled into the Instantly emulator by enrolment jobs (CSV export, mapping, {@code hub-enrol}:
 *       suppression, governed SEND with journal, the send ledger, the page's commit) in pages of 100, one add-leads call
 *       each, against the workspace's rate limit of 100 requests a second: the calls per second reached, as a share of that
 *       bound, by one job run, and by two runs at once into campaigns of their own, whose calls together ask for more than
 *       the limit allows (the median of five, after uncounted runs of as many other leads that warm the JVM up; the first
 *       one's figure is printed as well), and the CPU a page took;</li>
 *   <li>1,000 LinkedIn invitations over a pool of 10 Unipile accounts in five time zones on a simulated clock, a run every
 *       (the job's schedule) or when the next deferred send falls due: days needed, the most any account sent in a day and in 7 days against its
 *       caps, how many the emulator refused as over its limits (target 0), and how many went outside working hours (target 0).</li>
 * </ol>
 * Run: {@code java -cp "target/classes:target/test-classes:$(cat target/cp.txt)" io.middlemile.bench.OutreachBenchmark [leads] [pageSize] [email]}
 * ({@code email}: the enrolment only; {@code -DwarmUps=N}: warm-up runs of each kind, 30 by default, since after 10
 * the JIT compiler still took 4 to 10 ms of CPU a page; {@code -Dlatency=MS}: each Instantly answer that much later).
 */
public final class OutreachBenchmark {

    private static final String KEY = "bench-key";
    private static final String CAMPAIGN = "bench-campaign";

    private OutreachBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int leads = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int pageSize = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path workspace = Files.createTempDirectory("outreach-bench");
        TestWorkspaces.copyBundled(workspace);
        String database = TestDatabase.fresh();
        // leads that never reply: the emulator's simulated events would spend the CPU the jobs are measured on
        InstantlyEmulator instantly = InstantlyEmulator.start(KEY, 0, Clock.systemUTC(), InstantlyEmulator.PER_SECOND,
                InstantlyEmulator.PER_MINUTE, InstantlyEmulator.Simulation.none());
        // -Dlatency=MS: every Instantly answer that much later, as across the internet (one job waits for each page's)
        instantly.latency(Duration.ofMillis(Long.getLong("latency", 0)));
        try {
            for (int job = 0; job < JOBS; job++) {
                enrolmentJob(workspace, job, pageSize, instantly);
            }
            // the jobs' connection to the emulator, as a rehearsal sets it: its address and a made-up key
            System.setProperty("middlemile.sandbox.base-url.instantly", instantly.apiBaseUrl());
            System.setProperty("middlemile.sandbox.env.INSTANTLY_API_KEY", KEY);
            try (ConfigurableApplicationContext engine = EngineLauncher.forCommand(workspace)) {
                enrolment(engine, workspace, instantly, leads);
                if (!(args.length > 2 && args[2].equals("email"))) {
                    invitations(engine, 1_000, 10);
                }
            }
        } finally {
            instantly.stop();
            TestDatabase.drop(database);
        }
    }

    /**
     * Warm-up runs of each kind before the measured ones: the bound is about the jobs' steady pace, not the JVM compiling
     * them (after 3 runs its JIT compiler still took half the JVM's CPU).
     */
    private static final int WARM_UPS = Integer.getInteger("warmUps", 30);

    /** Measured runs; the median is the figure (on a shared 2-core machine one run varies by ±20 %). */
    private static final int MEASURED = 5;

    /** Enrolment jobs in the workspace: one runs alone, then two at once. */
    private static final int JOBS = 2;

    /**
     * Job {@code bench-enrol-N}, as a user would write it: a CSV export of leads ({@code connectors/bench-leads-N.yaml}),
     * mapped to canonical people by the bundled legacy export's mapping, enrolled by {@code outreach/bench-N.yaml} into a
     * campaign of its own in the one Instantly workspace (whose limit every key shares).
     */
    private static void enrolmentJob(Path workspace, int job, int pageSize, InstantlyEmulator instantly) throws Exception {
        String leads = "bench-leads-" + job;
        Files.writeString(workspace.resolve("connectors/" + leads + ".yaml"), Files.readString(workspace.resolve(
                "connectors/legacy-crm-export.yaml")).replace("samples/contacts.csv", "bench/" + leads + ".csv"));
        Files.writeString(workspace.resolve("mappings/" + leads + ".yaml"), Files.readString(workspace.resolve(
                "mappings/legacy-contacts.yaml")).replace("connector: legacy-crm-export", "connector: " + leads));
        String campaign = CAMPAIGN + "-" + job;
        instantly.addCampaign(campaign, "bench " + job);
        Files.writeString(workspace.resolve("outreach/bench-" + job + ".yaml"), """
                description: Benchmark enrolment %d
                email:
                  connection: instantly
                  campaign: %s
                  skipIfInWorkspace: true
                  fields: {first_name: firstName, last_name: lastName, company_name: companyName, job_title: title}
                suppress:
                  customers: {field: lifecycleStage, values: [customer]}
                  optedOut: [emailOptOut]
                  contactedWithinDays: 30
                  roleAddresses: true
                """.formatted(job, campaign));
        Files.writeString(workspace.resolve("routes/bench-enrol-" + job + ".camel.yaml"), """
                - route:
                    id: bench-enrol-%d
                    autoStartup: false
                    from:
                      uri: hub-read:%s/contacts
                      parameters: {pageSize: %d, delay: 3600000}
                      steps:
                        - to: hub-map:%s?direction=in
                        - to: hub-enrol:bench-%d
                """.formatted(job, leads, pageSize, leads, job));
        Files.createDirectories(workspace.resolve("bench"));
        Files.writeString(workspace.resolve("bench/" + leads + ".csv"), "Record ID,First Name,Last Name,Email,Phone,Company,Website,"
                + "Job Title,Country,Last Modified\n");
    }

    private static void enrolment(ConfigurableApplicationContext engine, Path workspace, InstantlyEmulator instantly, int leads) throws Exception {
        int round = 0;
        // warm-up runs of as many other leads, through the same jobs, connection and request limiter, are not counted; both
        // kinds warm up before either is measured (measured first, one run alone still had the JIT compiler take a third
        // of the CPU); the first one's figure is printed too
        Map<Integer, Enrolled> cold = new LinkedHashMap<>();
        for (int runs = 1; runs <= JOBS; runs++) {
            for (int w = 0; w < WARM_UPS; w++) {
                Enrolled warmUp = enrolAtOnce(engine, workspace, instantly, round++, leads, runs);
                cold.putIfAbsent(runs, warmUp);
            }
        }
        for (int runs = 1; runs <= JOBS; runs++) {
            long limitedBefore = instantly.requestLog().stream().filter(r -> r.status() == 429).count();
            List<Enrolled> measured = new ArrayList<>();
            CpuTime cpu = CpuTime.ZERO;
            for (int m = 0; m < MEASURED; m++) {
                CpuTime before = CpuTime.now();
                measured.add(enrolAtOnce(engine, workspace, instantly, round++, leads, runs));
                cpu = cpu.plus(CpuTime.now().minus(before));
            }
            long limited = instantly.requestLog().stream().filter(r -> r.status() == 429).count() - limitedBefore;
            List<Enrolled> byShare = measured.stream().sorted(java.util.Comparator.comparingDouble(Enrolled::share)).toList();
            Enrolled median = byShare.get(byShare.size() / 2);
            double pages = measured.stream().mapToLong(Enrolled::calls).sum();
            System.out.printf(Locale.ROOT, "Instantly%s, %s: %,d leads from CSV exports, mapped and enrolled in pages of 100, %d times after %d"
                            + " warm-up runs of each kind: median %,d enrolled, %d add-leads calls in %.2f s = %.1f calls/s, %,.0f leads/s; the workspace"
                            + " limit (%d calls/s, %,d/min, every key's) allows these calls in %.2f s: %.2f of the bound (the %d runs: %s);"
                            + " 429s %d (first warm-up run, JVM cold: %.2f of the bound)%n",
                    Long.getLong("latency", 0) == 0 ? "" : " answering " + Long.getLong("latency") + " ms later",
                    runs == 1 ? "one job run" : runs + " job runs at once (campaigns of their own)", leads, MEASURED, WARM_UPS,
                    median.enrolled(), median.calls(), median.seconds(), median.perSecond(), leads / median.seconds(),
                    InstantlyEmulator.PER_SECOND, InstantlyEmulator.PER_MINUTE, median.boundSeconds(), median.share(), MEASURED,
                    String.join(", ", measured.stream().map(e -> String.format(Locale.ROOT, "%.2f", e.share())).toList()), limited,
                    cold.get(runs).share());
            // the jobs, PostgreSQL and the emulator share the machine's cores: what a page costs says where the time goes
            System.out.printf(Locale.ROOT, "  CPU a page of 100 took in those runs: this JVM (jobs, emulator, HTTP) %.1f ms, of which its JIT"
                            + " compiler %.1f ms; PostgreSQL %.1f ms; %d cores give %.1f ms of CPU per page at the runs' median pace%n",
                    cpu.jvmMs() / pages, cpu.jitMs() / pages, cpu.postgresMs() / pages, Runtime.getRuntime().availableProcessors(),
                    median.seconds() * 1000 * Runtime.getRuntime().availableProcessors() / median.calls());
        }
    }

    /** What one run of the enrolment did: leads enrolled, add-leads calls made, and the wall time from first page to last. */
    private record Enrolled(long enrolled, long calls, double seconds) {

        double perSecond() {
            return calls / seconds;
        }

        /**
         * The least time the workspace limit allows for these calls. 6,000 a minute is 60 times 100 a second, so the per-minute
         * limit never binds tighter than the per-second one (100 calls here; it would only bind after a burst).
         */
        double boundSeconds() {
            return calls / (double) InstantlyEmulator.PER_SECOND;
        }

        double share() {
            return boundSeconds() / seconds;
        }
    }

    /**
     * {@code leads} new leads enrolled by {@code runs} enrolment jobs run at once, each its share from its own CSV export
     * into its own campaign: the workspace limit is every key's, so the runs share one budget, and with more than one the
     * calls ask for more than it allows. Timed from the jobs' start to the last one's end (its last page committed).
     */
    private static Enrolled enrolAtOnce(ConfigurableApplicationContext engine, Path workspace, InstantlyEmulator instantly, int round,
                                        int leads, int runs) throws Exception {
        CamelContext camel = engine.getBean(CamelContext.class);
        List<Callable<JobRun>> work = new ArrayList<>();
        for (int job = 0; job < runs; job++) {
            int share = leads / runs + (job < leads % runs ? 1 : 0);
            writeLeads(workspace.resolve("bench/bench-leads-" + job + ".csv"), round, job, share);
            String id = "bench-enrol-" + job;
            camel.getRouteController().startRoute(id);
            HubReadConsumer consumer = (HubReadConsumer) camel.getRoute(id).getConsumer();
            work.add(consumer::runJob);
        }
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        try {
            long before = instantly.requestCount();
            long started = System.nanoTime();
            List<Future<JobRun>> done = pool.invokeAll(work);
            double seconds = (System.nanoTime() - started) / 1e9;
            long calls = instantly.requestCount() - before;
            long enrolled = 0;
            for (Future<JobRun> finished : done) {
                JobRun run = finished.get();
                if (run.status() != JobRun.Status.SUCCEEDED) {
                    throw new IllegalStateException("job " + run.job() + " run " + run.id() + " ended " + run.status() + ": " + run.error());
                }
                enrolled += run.written();
            }
            return new Enrolled(enrolled, calls, seconds);
        } finally {
            pool.shutdown();
        }
    }

    /** A round's leads of one job, new to the workspace: an id, a name, a company and a work email each. */
    private static void writeLeads(Path file, int round, int job, int count) throws Exception {
        StringBuilder csv = new StringBuilder("Record ID,First Name,Last Name,Email,Phone,Company,Website,Job Title,Country,Last Modified\n");
        for (int i = 0; i < count; i++) {
            int company = i % 997;
            csv.append("r").append(round).append("-j").append(job).append('-').append(i).append(",Lead").append(i).append(",Person,lead")
                    .append(i).append(".r").append(round).append("@job").append(job).append(".company").append(company).append(".com,,Company ")
                    .append(company).append(",https://company").append(company).append(".com,Buyer,US,2026-12-01T00:00:00Z\n");
        }
        Files.writeString(file, csv);
    }

    private static void invitations(ConfigurableApplicationContext engine, int count, int accountCount) {
        String[] zones = {"Europe/Berlin", "Europe/London", "America/New_York", "America/Los_Angeles", "Asia/Singapore"};
        Instant monday = Instant.parse("2026-12-07T00:00:00Z");
        MutableClock clock = new MutableClock(monday);
        List<OutreachConfig.Account> accounts = new ArrayList<>();
        List<UnipileEmulatorSettings.Account> emulated = new ArrayList<>();
        for (int i = 0; i < accountCount; i++) {
            String zone = zones[i % zones.length];
            accounts.add(new OutreachConfig.Account("acc-" + i, zone, true, null, null, null, null, null, null, null));
            // the emulator holds LinkedIn's limits for an active paid account: it refuses what goes over them
            emulated.add(UnipileEmulatorSettings.Account.premium("acc-" + i, "Sender " + i, ZoneId.of(zone))
                    .withLimits(new UnipileEmulatorSettings.Limits(80, 200, 80, 150)));
        }
        UnipileEmulator unipile = UnipileEmulator.start(UnipileEmulatorSettings.defaults(KEY).withAccounts(emulated), 0, clock);
        try {
            for (int i = 0; i < count; i++) {
                unipile.addProfile("person-" + i, "Person", "Number" + i, "Buyer");
            }
            OutreachConfig config = new OutreachConfig("bench-linkedin", null, null, new OutreachConfig.LinkedIn("unipile",
                    "Hi {firstName}, let's connect.", null, accounts), new OutreachConfig.Suppress(null, null, List.of(), null, null, true, false));
            ConnectorConfig connection = connection("unipile", unipile.apiBaseUrl(), "api-key");
            UnipileConnector connector = new UnipileConnector(connection, Map.of("KEY", KEY), UnipileSettings.defaults(unipile.apiBaseUrl()), clock);
            OutreachSendStore ledger = engine.getBean(OutreachSendStore.class);
            OutreachRuns runs = new OutreachRuns(Map.of(config.id(), config), ledger, engine.getBean(Governance.class), null, clock,
                    new Random(1));
            List<OutreachRun.Subject> people = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                people.add(new OutreachRun.Subject("bench/contacts/li-" + i, Map.of("firstName", "Person", "linkedinUrl",
                        "https://www.linkedin.com/in/person-" + i), "bench"));
            }
            long started = System.nanoTime();
            int runsMade = 1;
            runs.of(config.id(), run(engine), c -> connector, null).enrol(people);
            OutreachSendStore.Waiting waiting = ledger.waiting(config.id());
            while (waiting.count() > 0 && runsMade < 100_000) {
                // the job's next scheduled run: every minute (its schedule), or when the first deferred invitation falls due
                Instant next = clock.instant().plus(Duration.ofMinutes(1));
                clock.set(waiting.earliest().isAfter(next) ? waiting.earliest() : next);
                runs.of(config.id(), run(engine), c -> connector, null).enrol(List.of());
                runsMade++;
                waiting = ledger.waiting(config.id());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            JdbcTemplate jdbc = engine.getBean(JdbcTemplate.class);
            List<Map<String, Object>> sent = jdbc.queryForList("select account, sent_at from outreach_sends where outreach = ?"
                    + " and status = 'sent' order by sent_at", config.id());
            int outside = 0;
            Map<String, Map<LocalDate, Integer>> perDay = new LinkedHashMap<>();
            for (Map<String, Object> row : sent) {
                String account = (String) row.get("account");
                ZoneId zone = ZoneId.of(accounts.stream().filter(a -> a.id().equals(account)).findFirst().orElseThrow().timeZone());
                ZonedDateTime at = ((java.sql.Timestamp) row.get("sent_at")).toInstant().atZone(zone);
                LocalTime time = at.toLocalTime();
                boolean workday = at.getDayOfWeek() != DayOfWeek.SATURDAY && at.getDayOfWeek() != DayOfWeek.SUNDAY;
                if (!workday || time.isBefore(LocalTime.of(9, 0)) || !time.isBefore(LocalTime.of(18, 0))) {
                    outside++;
                }
                perDay.computeIfAbsent(account, a -> new LinkedHashMap<>()).merge(at.toLocalDate(), 1, Integer::sum);
            }
            int maxDay = perDay.values().stream().flatMap(days -> days.values().stream()).mapToInt(Integer::intValue).max().orElse(0);
            int maxWeek = 0;
            for (Map<LocalDate, Integer> days : perDay.values()) {
                for (LocalDate day : days.keySet()) {
                    int week = 0;
                    for (int back = 0; back < 7; back++) {
                        week += days.getOrDefault(day.minusDays(back), 0);
                    }
                    maxWeek = Math.max(maxWeek, week);
                }
            }
            int refused = unipile.usage().values().stream().flatMap(days -> days.values().stream())
                    .mapToInt(UnipileEmulator.Usage::refusedOverLimit).sum();
            Instant last = sent.isEmpty() ? monday : ((java.sql.Timestamp) sent.get(sent.size() - 1).get("sent_at")).toInstant();
            System.out.printf(Locale.ROOT, "Unipile: %,d invitations over %d accounts (%s): %,d sent in %d runs, all sent %.2f days after"
                            + " Monday 00:00 UTC; most per account per day %d (cap 80), in 7 days %d (cap 200); refused by the emulator"
                            + " as over its limits %d; sent outside working hours %d; %.1f s of wall time%n", count, accountCount,
                    String.join(", ", zones), sent.size(), runsMade, Duration.between(monday, last).toMinutes() / 1440.0, maxDay, maxWeek,
                    refused, outside, seconds);
        } finally {
            unipile.stop();
        }
    }

    private static JobRun run(ConfigurableApplicationContext engine) {
        return engine.getBean(RunStore.class).start("bench-linkedin", "bench", "contacts", "bench");
    }

    private static ConnectorConfig connection(String type, String baseUrl, String auth) {
        return new ConnectorConfig(type, type, null, null, baseUrl, auth.equals("api-key")
                ? new AuthConfig(auth, null, "${KEY}", null, null, null, null, null, null)
                : new AuthConfig(auth, "${KEY}", null, null, null, null, null, null, null), Map.of(), PolicyConfig.allowAll());
    }
}

package io.middlemile.bench;

import io.middlemile.sandbox.MutableClock;
import io.middlemile.cli.EngineLauncher;
import io.middlemile.connector.Outreach;
import io.middlemile.connector.instantly.InstantlyConnector;
import io.middlemile.connector.instantly.InstantlySettings;
import io.middlemile.connector.unipile.UnipileConnector;
import io.middlemile.connector.unipile.UnipileSettings;
import io.middlemile.govern.Governance;
import io.middlemile.outreach.OutreachRun;
import io.middlemile.outreach.OutreachRuns;
import io.middlemile.outreach.OutreachSummary;
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
import java.time.ZoneOffset;
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
import java.util.function.IntSupplier;

/**
 * Outreach through the real step (suppression, governed SEND with journal, the send ledger) against the emulators:
 * <ol>
 *   <li>10,000 leads enrolled into the Instantly emulator in job pages of 100 (one add-leads call each), against the
 *       workspace's rate limit of 100 requests a second: the calls per second reached, as a share of that bound, by one job
 *       run, and by two runs at once into campaigns of their own, whose calls together ask for more than the limit allows
 *       (each after uncounted runs of as many other leads that warm the JVM up; the first one's figure is printed as well);</li>
 *   <li>1,000 LinkedIn invitations over a pool of 10 Unipile accounts in five time zones on a simulated clock, a run every
 *       (the job's schedule) or when the next deferred send falls due: days needed, the most any account sent in a day and in 7 days against its
 *       caps, how many the emulator refused as over its limits (target 0), and how many went outside working hours (target 0).</li>
 * </ol>
 * Run: {@code java -cp "target/classes:target/test-classes:$(cat target/cp.txt)" io.middlemile.bench.OutreachBenchmark [leads] [pageSize] [email]}
 * ({@code email}: the enrolment only).
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
        TestDatabase.fresh();
        try (ConfigurableApplicationContext engine = EngineLauncher.forCommand(workspace)) {
            enrolment(engine, leads, pageSize);
            if (!(args.length > 2 && args[2].equals("email"))) {
                invitations(engine, 1_000, 10);
            }
        }
    }

    /** Warm-up runs before each measured one: the bound is about the step's steady pace, not the JVM compiling it. */
    private static final int WARM_UPS = 3;

    private static void enrolment(ConfigurableApplicationContext engine, int leads, int pageSize) throws Exception {
        InstantlyEmulator instantly = InstantlyEmulator.start(KEY, 0);
        try {
            ConnectorConfig connection = connection("instantly", instantly.apiBaseUrl(), "bearer-token");
            for (int runs : new int[] {1, 2}) {
                // warm-up runs of as many other leads into other campaigns, through the same step, connection and request
                // limiter, are not counted; the first one's figure is printed too
                Enrolled cold = null;
                for (int w = 0; w < WARM_UPS; w++) {
                    Enrolled warmUp = enrolAtOnce(engine, instantly, connection, "warm-up-" + runs + "-" + w, leads, pageSize, runs);
                    cold = cold == null ? warmUp : cold;
                }
                long limitedBefore = instantly.requestLog().stream().filter(r -> r.status() == 429).count();
                String campaign = CAMPAIGN + "-" + runs;
                Enrolled measured = enrolAtOnce(engine, instantly, connection, campaign, leads, pageSize, runs);
                long limited = instantly.requestLog().stream().filter(r -> r.status() == 429).count() - limitedBefore;
                int inCampaigns = 0;
                for (int r = 0; r < runs; r++) {
                    inCampaigns += instantly.leadsOf(campaign + "/" + r).size();
                }
                System.out.printf(Locale.ROOT, "Instantly, %s: %,d leads in pages of %d: %,d enrolled, %d add-leads calls in %.2f s ="
                                + " %.1f calls/s, %,.0f leads/s; the workspace limit (%d calls/s, %,d/min, every key's) allows these calls"
                                + " in %.2f s: %.2f of the bound; leads in the campaigns %,d; 429s %d (first warm-up run, JVM cold: %.1f"
                                + " calls/s = %.2f of the bound)%n", runs == 1 ? "one run" : runs + " runs at once (campaigns of their own)",
                        leads, pageSize, measured.enrolled(), measured.calls(), measured.seconds(), measured.perSecond(),
                        leads / measured.seconds(), InstantlyEmulator.PER_SECOND, InstantlyEmulator.PER_MINUTE, measured.boundSeconds(),
                        measured.share(), inCampaigns, limited, cold.perSecond(), cold.share());
            }
        } finally {
            instantly.stop();
        }
    }

    /** What one run of the enrolment did: leads enrolled, add-leads calls made, and the wall time from first page to last. */
    private record Enrolled(int enrolled, long calls, double seconds) {

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
     * {@code leads} leads enrolled by {@code runs} job runs at once, each its share into a campaign of its own through a
     * connector of its own (as two jobs open their connections): the workspace limit is every key's, so the runs share
     * one budget, and with more than one the calls ask for more than it allows.
     */
    private static Enrolled enrolAtOnce(ConfigurableApplicationContext engine, InstantlyEmulator instantly, ConnectorConfig connection,
                                        String campaign, int leads, int pageSize, int runs) throws Exception {
        long before = instantly.requestCount();
        List<Callable<IntSupplier>> work = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            String own = campaign + "/" + r;
            int share = leads / runs + (r < leads % runs ? 1 : 0);
            InstantlyConnector connector = new InstantlyConnector(connection, Map.of("KEY", KEY), InstantlySettings.from(connection));
            work.add(() -> enrol(engine, instantly, connector, own, share, pageSize));
        }
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        try {
            long started = System.nanoTime();
            List<Future<IntSupplier>> done = pool.invokeAll(work);
            double seconds = (System.nanoTime() - started) / 1e9;
            long calls = instantly.requestCount() - before;
            int enrolled = 0;
            for (Future<IntSupplier> run : done) {
                enrolled += run.get().getAsInt();
            }
            return new Enrolled(enrolled, calls, seconds);
        } finally {
            pool.shutdown();
        }
    }

    /**
     * One job run enrolling {@code leads} leads into {@code campaign}, page by page; the answer counts the leads it enrolled
     * from the run's summary (read after the clock stopped: the run's summary is not part of its pace).
     */
    private static IntSupplier enrol(ConfigurableApplicationContext engine, InstantlyEmulator instantly, InstantlyConnector connector,
                             String campaign, int leads, int pageSize) {
        instantly.addCampaign(campaign, "bench");
        OutreachConfig config = new OutreachConfig("bench-email", null, new OutreachConfig.Email("instantly", campaign, null, true, true,
                null, Map.of("first_name", "firstName", "last_name", "lastName", "company_name", "companyName"), Map.of()), null,
                new OutreachConfig.Suppress(new OutreachConfig.FieldValues("lifecycleStage", List.of("customer")), null,
                        List.of("emailOptOut"), null, 30, true, false));
        OutreachRuns runs = new OutreachRuns(Map.of(config.id(), config), engine.getBean(OutreachSendStore.class),
                engine.getBean(Governance.class), null, Clock.systemUTC(), new Random(1));
        JobRun run = engine.getBean(RunStore.class).start("bench-email", "bench", "contacts", "bench");
        OutreachRun outreach = runs.of(config.id(), run, c -> connector, null);
        List<OutreachRun.Subject> people = new ArrayList<>();
        for (int i = 0; i < leads; i++) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("email", "lead" + i + "@" + campaign.replace('/', '-') + ".company" + (i % 997) + ".example.com");
            values.put("firstName", "Lead" + i);
            values.put("lastName", "Person");
            values.put("companyName", "Company " + (i % 997));
            values.put("lifecycleStage", "lead");
            people.add(new OutreachRun.Subject("bench/contacts/" + campaign + "-" + i, values, "bench"));
        }
        for (int from = 0; from < people.size(); from += pageSize) {
            outreach.enrol(people.subList(from, Math.min(people.size(), from + pageSize)));
        }
        return () -> runs.summaries(run.id()).get(config.id()).enrolled();
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

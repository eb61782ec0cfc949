package io.middlemile.bench;

import io.middlemile.quality.AllowedValues;
import io.middlemile.quality.Conformance;
import io.middlemile.quality.HygieneCheck;
import io.middlemile.quality.HygieneRule;
import io.middlemile.quality.Inspected;
import io.middlemile.quality.InactiveOwner;
import io.middlemile.quality.MissingRelation;
import io.middlemile.quality.QualitySnapshot;
import io.middlemile.quality.RequiredFields;
import io.middlemile.quality.Severity;
import io.middlemile.quality.Untouched;
import io.middlemile.standardize.Standardizers;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Hygiene rules and quality metrics over generated contacts in one streaming pass: records/s, and the heap
 * in use after a tenth of the pass and at its end (flat: records are counted and dropped). Records are
 * generated as they are read, as a CRM page stream delivers them. Not a test. Argument: records (1,000,000).
 */
public final class QualityBenchmark {

    private static final String[] COUNTRIES = {"US", "United States", "DE", "Germany", "FR", "gb", ""};
    private static final String[] STAGES = {"lead", "customer", "Opportunity", "prospect"};
    private static final String[] OWNERS = {"ana", "bob", "carla", "dave"};
    private static final String[] AREAS = {"212", "415", "617", "312", "206", "512", "303", "404"};

    /** One generated contact, as a page of a CRM read would deliver it. */
    private static Inspected record(int i, Random random, Instant now) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("email", random.nextInt(20) == 0 ? "broken" + i : "person" + i + "@example" + (i % 5000) + ".com");
        fields.put("lastname", "Last" + i);
        if (random.nextInt(4) > 0) {
            fields.put("company", "Company " + (i % 5000));
            fields.put("associations.companies", List.of(String.valueOf(i % 5000)));
        }
        fields.put("country", COUNTRIES[random.nextInt(COUNTRIES.length)]);
        // distinct valid numbers, half in national format: every value costs a full phone parse
        String area = AREAS[i % AREAS.length];
        String exchange = String.valueOf(200 + (i / AREAS.length / 10_000) % 800);
        String line = String.format("%04d", (i / AREAS.length) % 10_000);
        fields.put("phone", random.nextBoolean() ? "+1" + area + exchange + line : "(" + area + ") " + exchange + "-" + line);
        fields.put("lifecyclestage", STAGES[random.nextInt(STAGES.length)]);
        return new Inspected("contacts", String.valueOf(i), fields, OWNERS[random.nextInt(OWNERS.length)],
                now.minusSeconds(random.nextInt(400) * 86_400L));
    }

    public static void main(String[] args) throws InterruptedException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        List<HygieneRule> rules = List.of(
                new RequiredFields("basics", Severity.WARNING, "contacts", null, null, List.of("email", "lastname", "company")),
                new Conformance("emails", Severity.ERROR, "contacts", "email", Standardizers.byName("email").orElseThrow(), null),
                new Conformance("phones", Severity.WARNING, "contacts", "phone", Standardizers.byName("phone").orElseThrow(), "country"),
                new Conformance("countries", Severity.WARNING, "contacts", "country", Standardizers.byName("country").orElseThrow(), null),
                new AllowedValues("lifecycle", Severity.WARNING, "contacts", "lifecyclestage", Set.of("lead", "customer", "opportunity")),
                new MissingRelation("company", Severity.INFO, "contacts", "associations.companies", "company"),
                new InactiveOwner("owners", Severity.ERROR, "contacts", Set.of("ana", "bob", "carla")),
                new Untouched("cold", Severity.INFO, "contacts", 180));
        Runtime runtime = Runtime.getRuntime();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        long[] heapAtTenth = new long[1];
        long[] findings = new long[threads];
        long[] checkNanos = new long[threads];
        QualitySnapshot[] parts = new QualitySnapshot[threads];
        long started = System.nanoTime();
        List<Thread> workers = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            // pages of 1,000 records handed out in turn, each worker with its own check; the parts are added up
            Thread thread = new Thread(() -> {
                HygieneCheck check = new HygieneCheck("contacts", rules, List.of("email", "phone", "country", "company", "jobtitle"), now);
                Random random = new Random(7 + worker);
                List<Inspected> page = new java.util.ArrayList<>(1_000);
                for (int first = worker * 1_000; first < count; first += threads * 1_000) {
                    // a page arrives (generated here, read from a CRM in a report), then the rules run over it
                    page.clear();
                    for (int i = first; i < Math.min(count, first + 1_000); i++) {
                        page.add(record(i, random, now));
                    }
                    long checking = System.nanoTime();
                    for (Inspected record : page) {
                        check.inspect(record, finding -> findings[worker]++);
                    }
                    checkNanos[worker] += System.nanoTime() - checking;
                    if (worker == 0 && first <= count / 10 && count / 10 < first + 1_000) {
                        System.gc();
                        heapAtTenth[0] = runtime.totalMemory() - runtime.freeMemory();
                    }
                }
                parts[worker] = check.snapshot();
            }, "quality-" + worker);
            thread.start();
            workers.add(thread);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.gc();
        long heapAtEnd = runtime.totalMemory() - runtime.freeMemory();
        QualitySnapshot snapshot = parts[0];
        for (int t = 1; t < threads; t++) {
            snapshot = snapshot.plus(parts[t]);
        }
        long found = java.util.Arrays.stream(findings).sum();
        System.out.println("| figure | value |");
        System.out.println("|---|---|");
        System.out.printf("| records / rules / findings | %,d / %d / %,d |%n", count, rules.size(), found);
        System.out.printf("| records/s (generation included, %d threads) | %,.0f |%n", threads, count / seconds);
        // the pass's own rate: the rules and metrics, the workers side by side, without making up the records
        double checking = java.util.Arrays.stream(checkNanos).max().orElse(0) / 1e9;
        System.out.printf("| records/s (rules and metrics only, %d threads) | %,.0f |%n", threads, count / checking);
        System.out.printf("| heap in use after %,d records / after %,d | %,d MB / %,d MB |%n", count / 10, count,
                heapAtTenth[0] >> 20, heapAtEnd >> 20);
        System.out.printf("| clean records | %.1f %% |%n", 100 * snapshot.clean());
        snapshot.fields().forEach(field -> System.out.printf("| %s: completeness / conformance | %.1f %% / %s |%n", field.field(),
                100 * field.completeness(), Double.isNaN(field.conformance()) ? "not measured"
                        : String.format("%.1f %%", 100 * field.conformance())));
    }
}

package io.middlemile.bench;

import io.middlemile.dedupe.DedupeEngine;
import io.middlemile.dedupe.DedupeResult;
import io.middlemile.dedupe.DedupeRules;
import io.middlemile.dedupe.IncrementalMatcher;
import io.middlemile.dedupe.MergePlanCsv;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.FieldValue;
import io.middlemile.model.Provenance;
import io.middlemile.model.SourceRef;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * End-to-end scale run on generated CRM contacts (default 1,000,000): read CSV → standardize → block → score →
 * cluster → write the merge-plan export, timed as one; then quality against the generator's truth and incremental
 * latency for 2,000 late records. Run it with a 4 GB heap:
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx4g -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     io.middlemile.bench.DedupeScaleBenchmark 1000000
 * </pre>
 *
 * or {@code MAVEN_OPTS=-Xmx4g mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.middlemile.bench.DedupeScaleBenchmark -Dexec.args=1000000} (Maven's own classes then share
 * the heap). Arguments: records, seed, examples of wrong merges to print. By default the data is two exports (a
 * HubSpot and a Salesforce one, {@link CrmContactGenerator#twoExports}) matched with the bundled
 * {@code dedupe/contacts.yaml}, the rule a user starts from; {@code --three-sources} adds a legacy CSV and
 * {@code --rules FILE} takes a rule file from src/test/resources/dedupe (e.g. crm-contacts.yaml) instead.
 */
public final class DedupeScaleBenchmark {

    /** Generator column → canonical person field. */
    private static final Map<String, String> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("first_name", "firstName");
        COLUMNS.put("last_name", "lastName");
        COLUMNS.put("email", "email");
        COLUMNS.put("phone", "phone");
        COLUMNS.put("company", "companyName");
        COLUMNS.put("website", "companyDomain");
        COLUMNS.put("linkedin", "linkedinUrl");
        COLUMNS.put("title", "title");
        COLUMNS.put("country", "country");
        COLUMNS.put("created_at", "createdAt");
        COLUMNS.put("updated_at", "updatedAt");
    }

    public static void main(String[] rawArgs) throws Exception {
        List<String> options = new ArrayList<>(List.of(rawArgs));
        boolean threeSources = options.remove("--three-sources");
        int r = options.indexOf("--rules");
        String ruleFile = r >= 0 ? options.get(r + 1) : null;
        if (r >= 0) {
            options.subList(r, r + 2).clear();
        }
        String[] args = options.toArray(String[]::new);
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42L;
        Path dir = Files.createTempDirectory("middlemile-dedupe-bench");
        Path input = dir.resolve("contacts.csv");
        Path export = dir.resolve("plan.csv");
        List<CrmContactGenerator.Row> sample = new ArrayList<>();
        long g0 = System.nanoTime();
        CrmContactGenerator generator = threeSources ? new CrmContactGenerator(seed, n)
                : CrmContactGenerator.twoExports(seed, n);
        generator.write(input, n, row -> {
            if (sample.size() < 2_500 && Math.floorMod(row.recordId().hashCode(), 397) == 0) {
                sample.add(row);
            }
        });
        System.out.printf(Locale.ROOT, "generated %,d contacts (%,d MB) in %.1f s -> %s%n", n,
                Files.size(input) >> 20, (System.nanoTime() - g0) / 1e9, input);
        DedupeRules rules = ruleFile == null ? Febrl.bundledRules("contacts.yaml") : Febrl.rules(ruleFile);
        System.out.printf(Locale.ROOT, "data: %s; rules: %s%n", threeSources ? "hubspot, salesforce and legacy-csv"
                : "a HubSpot and a Salesforce export", ruleFile == null ? "bundled dedupe/contacts.yaml" : ruleFile);
        System.gc();
        resetPeaks();

        long t0 = System.nanoTime();
        int[] truth = new int[n];
        DedupeResult result;
        try (Reader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(in, CSVFormat.DEFAULT.builder().setHeader()
                     .setSkipHeaderRecord(true).build())) {
            Iterator<CSVRecord> rows = parser.iterator();
            int[] next = {0};
            Iterator<CanonicalRecord> records = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public CanonicalRecord next() {
                    CSVRecord row = rows.next();
                    truth[next[0]++] = Integer.parseInt(row.get("entity_id"));
                    return toRecord(row);
                }
            };
            result = new DedupeEngine(rules).run(records);
        }
        MergePlanCsv.write(result, export);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long peak = peakHeap();

        System.out.printf(Locale.ROOT, "end to end (read, standardize, block, score, cluster, plan, export): %.1f s, "
                        + "%,.0f records/s, peak heap %,d MB (sum of pool peaks) of max %,d MB, %d cores%n", seconds, n / seconds,
                peak >> 20, Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        System.gc();
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "  heap still in use after the run with the result and index held (after GC): "
                + "%,d MB%n", (rt.totalMemory() - rt.freeMemory()) >> 20);
        System.out.println("  " + result.stats().summary());
        System.out.printf(Locale.ROOT, "  comparisons per record %.2f, export %,d MB%n",
                result.stats().comparisonsPerRecord(), Files.size(export) >> 20);

        List<String> truthIds = new ArrayList<>(n);
        for (int t : truth) {
            truthIds.add(Integer.toString(t));
        }
        ClusterMetrics metrics = ClusterMetrics.of(result, truthIds, true);
        System.out.println("  quality: " + metrics.summary());
        System.out.printf(Locale.ROOT, "  auto-merge precision (pairs merged into one cluster that are one person): "
                + "%.4f (%,d of %,d)%n", metrics.precision(), metrics.correctPairs(), metrics.predictedPairs());
        System.out.printf(Locale.ROOT, "  pairwise F1 %.4f (recall %.4f)%n", metrics.f1(), metrics.recall());
        wrongMerges(result, truth, args.length > 2 ? Integer.parseInt(args[2]) : 0);
        incremental(result, sample, truth);
        System.out.println(result.model().describe());
    }

    /** Duplicates merged into a master of another person, by how they relate to the master; prints examples. */
    private static void wrongMerges(DedupeResult result, int[] truth, int examples) {
        Map<io.middlemile.dedupe.MatchDecision, Integer> byDecision = new java.util.EnumMap<>(io.middlemile.dedupe.MatchDecision.class);
        int shown = 0;
        for (io.middlemile.dedupe.ClusterPlan plan : result.plan().merges()) {
            int master = Integer.parseInt(plan.master().sourceId().substring(3));
            for (io.middlemile.dedupe.PairDecision d : plan.duplicates()) {
                int dup = Integer.parseInt(d.right().sourceId().substring(3));
                if (truth[dup] != truth[master]) {
                    byDecision.merge(d.decision(), 1, Integer::sum);
                    if (shown++ < examples) {
                        System.out.println("    " + d.summary());
                    }
                }
            }
        }
        System.out.println("  duplicates merged into another person's master, by their own decision against it: "
                + byDecision);
    }

    private static void incremental(DedupeResult result, List<CrmContactGenerator.Row> sample, int[] truth) {
        IncrementalMatcher matcher = result.incremental();
        int warm = Math.min(500, sample.size() / 4);
        for (int i = 0; i < warm; i++) {
            matcher.lookup(late(sample.get(i), "warm-" + i));
        }
        List<CrmContactGenerator.Row> measured = sample.subList(warm, sample.size());
        long[] nanos = new long[measured.size()];
        int found = 0;
        for (int i = 0; i < measured.size(); i++) {
            CrmContactGenerator.Row row = measured.get(i);
            CanonicalRecord record = late(row, "late-" + i);
            long s = System.nanoTime();
            IncrementalMatcher.Match match = matcher.match(record);
            nanos[i] = System.nanoTime() - s;
            if (match.best() != null) {
                int bestRow = Integer.parseInt(match.best().sourceId().substring(3));
                if (bestRow < truth.length && truth[bestRow] == Integer.parseInt(row.entityId())) {
                    found++;
                }
            }
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "  incremental: %,d new records matched against the index: p50 %.2f ms, "
                        + "p99 %.2f ms, max %.2f ms; best match is the known duplicate for %,d (%.1f%%)%n",
                nanos.length, nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.99)] / 1e6,
                nanos[nanos.length - 1] / 1e6, found, 100.0 * found / nanos.length);
    }

    /** A later copy of a sampled contact, as a new record arriving from another source. */
    private static CanonicalRecord late(CrmContactGenerator.Row row, String id) {
        Map<String, FieldValue> fields = new LinkedHashMap<>();
        Provenance p = new Provenance("hubspot", null);
        put(fields, "firstName", row.firstName() == null ? null : row.firstName().toUpperCase(Locale.ROOT), p);
        put(fields, "lastName", row.lastName(), p);
        put(fields, "email", row.email(), p);
        put(fields, "phone", row.phone(), p);
        put(fields, "companyName", row.company(), p);
        put(fields, "country", row.country(), p);
        return new CanonicalRecord(Entity.PERSON, new SourceRef("hubspot", "contacts", id), Instant.now(), fields);
    }

    private static void put(Map<String, FieldValue> fields, String field, String value, Provenance p) {
        if (value != null && !value.isEmpty()) {
            fields.put(field, new FieldValue(value, p));
        }
    }

    private static CanonicalRecord toRecord(CSVRecord row) {
        String source = row.get("source");
        Provenance provenance = new Provenance(source, null);
        Map<String, FieldValue> fields = new LinkedHashMap<>();
        for (Map.Entry<String, String> c : COLUMNS.entrySet()) {
            String v = row.get(c.getKey());
            if (!v.isEmpty()) {
                fields.put(c.getValue(), new FieldValue(v, provenance));
            }
        }
        String updated = row.get("updated_at");
        return new CanonicalRecord(Entity.PERSON, new SourceRef(source, "contacts", row.get("record_id")),
                updated.isEmpty() ? null : Instant.parse(updated), fields);
    }

    static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks: an upper bound of the peak heap in use. */
    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}

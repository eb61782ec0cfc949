package io.middlemile.bench;

import io.middlemile.dedupe.DedupeEngine;
import io.middlemile.dedupe.DedupeResult;
import io.middlemile.dedupe.DedupeRules;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.FieldValue;
import io.middlemile.model.Provenance;
import io.middlemile.model.SourceRef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Account (company) dedupe quality on generated HubSpot and Salesforce company exports ({@link CrmCompanyGenerator})
 * with the bundled rule {@code dedupe/accounts.yaml}: prints auto-merge precision, pairwise recall and F1. A
 * program, not a test; build the classpath as the README's Benchmarks section says, then
 *
 * <pre>
 * java -Xmx3g -cp "$CP" io.middlemile.bench.AccountDedupeBenchmark 200000   # records, seed
 * </pre>
 */
public final class AccountDedupeBenchmark {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42L;
        List<CanonicalRecord> records = new ArrayList<>(n);
        List<String> truth = new ArrayList<>(n);
        new CrmCompanyGenerator(seed).generate(n, row -> {
            records.add(toRecord(row));
            truth.add(row.entityId());
        });
        DedupeRules rules = Febrl.bundledRules("accounts.yaml");
        long start = System.nanoTime();
        DedupeResult result = new DedupeEngine(rules).run(records.iterator());
        double seconds = (System.nanoTime() - start) / 1e9;
        ClusterMetrics metrics = ClusterMetrics.of(result, truth, true);
        System.out.printf(Locale.ROOT, "accounts: %,d records (HubSpot and Salesforce exports) with bundled "
                + "dedupe/accounts.yaml in %.1f s%n  %s%n  %s%n", n, seconds, metrics.summary(), result.stats().summary());
        System.out.printf(Locale.ROOT, "  auto-merge precision %.4f (%,d of %,d pairs merged are one company), "
                        + "pairwise recall %.4f, F1 %.4f%n", metrics.precision(), metrics.correctPairs(),
                metrics.predictedPairs(), metrics.recall(), metrics.f1());
        System.out.println(result.model().describe());
    }

    private static CanonicalRecord toRecord(CrmCompanyGenerator.Row row) {
        Provenance p = new Provenance(row.source(), null);
        Map<String, FieldValue> fields = new LinkedHashMap<>();
        put(fields, "name", row.name(), p);
        put(fields, "domain", row.domain(), p);
        put(fields, "linkedinUrl", row.linkedin(), p);
        put(fields, "country", row.country(), p);
        return new CanonicalRecord(Entity.COMPANY, new SourceRef(row.source(), "companies", row.recordId()), null,
                fields);
    }

    private static void put(Map<String, FieldValue> fields, String field, String value, Provenance p) {
        if (value != null) {
            fields.put(field, new FieldValue(value, p));
        }
    }
}

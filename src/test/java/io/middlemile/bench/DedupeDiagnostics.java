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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints wrongly merged and wrongly separated pairs of a generated CRM run with their explanations, for tuning
 * rule files. Arguments: records (default 20,000), seed, how many examples of each kind, rule file of
 * src/test/resources/dedupe or "bundled" (the sample workspace's dedupe/contacts.yaml on two-export data).
 */
public final class DedupeDiagnostics {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42L;
        int examples = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        String ruleFile = args.length > 3 ? args[3] : "crm-contacts.yaml";
        List<CrmContactGenerator.Row> rows = new ArrayList<>();
        boolean bundled = ruleFile.equals("bundled");
        (bundled ? CrmContactGenerator.twoExports(seed, n) : new CrmContactGenerator(seed, n)).generate(n, rows::add);
        List<CanonicalRecord> records = new ArrayList<>();
        List<String> truth = new ArrayList<>();
        for (CrmContactGenerator.Row r : rows) {
            records.add(toRecord(r));
            truth.add(r.entityId());
        }
        DedupeRules rules = bundled ? Febrl.bundledRules("contacts.yaml") : Febrl.rules(ruleFile);
        DedupeResult result = new DedupeEngine(rules).run(records.iterator());
        System.out.println(ClusterMetrics.of(result, truth, true).summary());
        System.out.println(result.stats().summary());
        Map<String, List<Integer>> byCluster = new HashMap<>();
        Map<String, List<Integer>> byEntity = new HashMap<>();
        for (int i = 0; i < n; i++) {
            byCluster.computeIfAbsent(result.clusterId(i), k -> new ArrayList<>()).add(i);
            byEntity.computeIfAbsent(truth.get(i), k -> new ArrayList<>()).add(i);
        }
        int shown = 0;
        System.out.println("--- merged but different people");
        for (List<Integer> members : byCluster.values()) {
            for (int i = 0; i < members.size() && shown < examples; i++) {
                for (int j = i + 1; j < members.size() && shown < examples; j++) {
                    int a = members.get(i);
                    int b = members.get(j);
                    if (!truth.get(a).equals(truth.get(b))) {
                        print(result, rows, a, b);
                        shown++;
                        j = members.size();
                        i = members.size();
                    }
                }
            }
        }
        shown = 0;
        System.out.println("--- one person, separate clusters");
        for (List<Integer> members : byEntity.values()) {
            for (int i = 0; i < members.size() && shown < examples; i++) {
                for (int j = i + 1; j < members.size() && shown < examples; j++) {
                    int a = members.get(i);
                    int b = members.get(j);
                    if (!result.clusterId(a).equals(result.clusterId(b))) {
                        print(result, rows, a, b);
                        shown++;
                        j = members.size();
                        i = members.size();
                    }
                }
            }
        }
    }

    private static void print(DedupeResult result, List<CrmContactGenerator.Row> rows, int a, int b) {
        System.out.println("  " + rows.get(a));
        System.out.println("  " + rows.get(b));
        System.out.println("  blocked=" + result.blocked(a, b) + " " + result.explain(a, b).summary());
        System.out.println();
    }

    static CanonicalRecord toRecord(CrmContactGenerator.Row r) {
        Provenance p = new Provenance(r.source(), null);
        Map<String, FieldValue> f = new LinkedHashMap<>();
        put(f, "firstName", r.firstName(), p);
        put(f, "lastName", r.lastName(), p);
        put(f, "email", r.email(), p);
        put(f, "phone", r.phone(), p);
        put(f, "companyName", r.company(), p);
        put(f, "companyDomain", r.website(), p);
        put(f, "linkedinUrl", r.linkedin(), p);
        put(f, "title", r.title(), p);
        put(f, "country", r.country(), p);
        put(f, "createdAt", r.createdAt(), p);
        put(f, "updatedAt", r.updatedAt(), p);
        return new CanonicalRecord(Entity.PERSON, new SourceRef(r.source(), "contacts", r.recordId()),
                java.time.Instant.parse(r.updatedAt()), f);
    }

    private static void put(Map<String, FieldValue> f, String k, String v, Provenance p) {
        if (v != null && !v.isEmpty()) {
            f.put(k, new FieldValue(v, p));
        }
    }
}

package io.middlemile.enrich;

import io.middlemile.store.EnrichSpendStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a waterfall's lookups found and cost over a period, per provider and field, and which provider order per
 * group would have been cheapest for the same hits. Pure: built from the ledger's rows.
 *
 * <p>The cheapest order is an estimate: each provider's hit rate and average cost per lookup in its group, as
 * observed, give the expected cost per record of every order ({@code Σ cost_i · Π_{j<i} (1 − hit_j)}); a provider
 * asked only after others missed sees harder records, so the estimate favours the ones asked first.
 */
public record SpendReport(Map<String, Provider> providers, Map<String, Group> groups) {

    /** One provider connection's figures. */
    public record Provider(String connection, long lookups, long hits, double credits, double cost, Map<String, long[]> fields) {

        public double hitRate() {
            return lookups == 0 ? 0 : (double) hits / lookups;
        }

        /** Per field: found / asked. */
        public double hitRate(String field) {
            long[] counts = fields.get(field);
            return counts == null || counts[0] == 0 ? 0 : (double) counts[1] / counts[0];
        }

        public long found() {
            return fields.values().stream().mapToLong(c -> c[1]).sum();
        }

        /** Cost per value found, or NaN when nothing was found. */
        public double costPerFound() {
            return found() == 0 ? Double.NaN : cost / found();
        }
    }

    /**
     * A group's order as written, the cheapest estimated order, and what was really spent.
     *
     * @param listed       providers in the order written
     * @param listedCost   expected cost per record of that order
     * @param cheapest     the order with the lowest expected cost
     * @param cheapestCost its expected cost per record
     * @param spentCost    what the group really cost per record looked up (with {@code order: adaptive}, compare it with
     *                     {@code listedCost}: the difference is what adaptive ordering saved)
     */
    public record Group(String name, List<String> listed, double listedCost, List<String> cheapest, double cheapestCost,
                        double spentCost) {
    }

    public static SpendReport of(List<EnrichSpendStore.Spend> rows, Map<String, List<String>> orders) {
        Map<String, long[]> lookups = new LinkedHashMap<>();
        Map<String, double[]> money = new LinkedHashMap<>();
        Map<String, Map<String, long[]>> fields = new LinkedHashMap<>();
        Map<String, Map<String, double[]>> byGroup = new LinkedHashMap<>();
        Map<String, java.util.Set<String>> recordsByGroup = new LinkedHashMap<>();
        Map<String, Double> spentByGroup = new LinkedHashMap<>();
        for (EnrichSpendStore.Spend row : rows) {
            long[] counts = lookups.computeIfAbsent(row.connection(), c -> new long[2]);
            counts[0]++;
            if (!row.found().isEmpty()) {
                counts[1]++;
            }
            double[] spent = money.computeIfAbsent(row.connection(), c -> new double[2]);
            spent[0] += row.credits();
            spent[1] += row.cost();
            Map<String, long[]> perField = fields.computeIfAbsent(row.connection(), c -> new TreeMap<>());
            for (String field : row.asked()) {
                long[] f = perField.computeIfAbsent(field, k -> new long[2]);
                f[0]++;
                if (row.found().contains(field)) {
                    f[1]++;
                }
            }
            // per group and provider: lookups, hits, cost
            double[] g = byGroup.computeIfAbsent(row.group(), k -> new LinkedHashMap<>()).computeIfAbsent(row.connection(), k -> new double[3]);
            g[0]++;
            g[1] += row.found().isEmpty() ? 0 : 1;
            g[2] += row.cost();
            recordsByGroup.computeIfAbsent(row.group(), k -> new java.util.HashSet<>()).add(row.lookupKey());
            spentByGroup.merge(row.group(), row.cost(), Double::sum);
        }
        Map<String, Provider> providers = new LinkedHashMap<>();
        lookups.forEach((connection, counts) -> providers.put(connection, new Provider(connection, counts[0], counts[1],
                money.get(connection)[0], money.get(connection)[1], fields.get(connection))));
        Map<String, Group> groups = new LinkedHashMap<>();
        byGroup.forEach((group, stats) -> {
            // the order as written, then any provider the ledger has that the file no longer lists
            List<String> listed = new ArrayList<>(orders.getOrDefault(group, List.of()));
            listed.retainAll(stats.keySet());
            stats.keySet().stream().filter(p -> !listed.contains(p)).forEach(listed::add);
            List<String> best = listed;
            double bestCost = expected(listed, stats);
            for (List<String> order : permutations(listed)) {
                double cost = expected(order, stats);
                if (cost < bestCost - 1e-12) {
                    best = order;
                    bestCost = cost;
                }
            }
            double spent = spentByGroup.getOrDefault(group, 0.0) / Math.max(1, recordsByGroup.get(group).size());
            groups.put(group, new Group(group, listed, expected(listed, stats), best, bestCost, spent));
        });
        return new SpendReport(providers, groups);
    }

    private static double expected(List<String> order, Map<String, double[]> stats) {
        double reach = 1;
        double cost = 0;
        for (String provider : order) {
            double[] s = stats.get(provider);
            double perLookup = s[0] == 0 ? 0 : s[2] / s[0];
            double hitRate = s[0] == 0 ? 0 : s[1] / s[0];
            cost += reach * perLookup;
            reach *= 1 - hitRate;
        }
        return cost;
    }

    /** Every order of a few providers (a group lists a handful; 6 providers are 720 orders). */
    public static List<List<String>> permutations(List<String> items) {
        if (items.size() <= 1) {
            return List.of(List.copyOf(items));
        }
        List<List<String>> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<String> rest = new ArrayList<>(items);
            String first = rest.remove(i);
            for (List<String> tail : permutations(rest)) {
                List<String> order = new ArrayList<>();
                order.add(first);
                order.addAll(tail);
                all.add(order);
            }
        }
        return all;
    }
}

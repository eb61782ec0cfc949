package io.middlemile.dedupe;

import io.middlemile.model.SourceRef;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks the master record of a cluster and the surviving value of each field.
 *
 * <p>Master: the configured tie-breakers in order (source priority, most complete, oldest, most recent), then input
 * order so the choice is deterministic. Fields: {@code master} (the master's value, else the most recent non-empty),
 * {@code most-recent} (most recently modified record with a value), {@code longest}, {@code union} (every distinct
 * value, master's first, for multi-valued fields such as secondary e-mails) and {@code source:CONNECTION} (that
 * connection's value, else the master rule). Empty values never survive over non-empty ones.
 */
final class Survivorship {

    private final MatchRecords records;
    private final DedupeRules.Survivorship rules;
    private final Comparator<Integer> masterOrder;

    Survivorship(MatchRecords records, DedupeRules.Survivorship rules) {
        this.records = records;
        this.rules = rules;
        Comparator<Integer> order = null;
        for (DedupeRules.MasterRule rule : rules.master()) {
            Comparator<Integer> next = switch (rule) {
                case SOURCE_PRIORITY -> Comparator.comparingInt(this::priority);
                case MOST_COMPLETE -> Comparator.comparingInt((Integer r) -> records.completeness(r)).reversed();
                case OLDEST -> Comparator.comparingLong((Integer r) -> unknownLast(records.createdAt(r), false));
                case MOST_RECENT -> Comparator.comparingLong((Integer r) -> unknownLast(records.lastModified(r), true));
            };
            order = order == null ? next : order.thenComparing(next);
        }
        Comparator<Integer> byRow = Comparator.naturalOrder();
        this.masterOrder = order == null ? byRow : order.thenComparing(byRow);
    }

    private int priority(int row) {
        int p = rules.sourcePriority().indexOf(records.connection(row));
        return p < 0 ? Integer.MAX_VALUE : p;
    }

    /** Sort key that puts unknown times last whether sorting for oldest (ascending) or most recent (descending). */
    private static long unknownLast(long time, boolean newestFirst) {
        if (time == Long.MIN_VALUE) {
            return Long.MAX_VALUE;
        }
        return newestFirst ? -time : time;
    }

    /** Members reordered: master first, then the rest in master order. */
    List<Integer> rank(List<Integer> members) {
        List<Integer> sorted = new ArrayList<>(members);
        sorted.sort(masterOrder);
        return sorted;
    }

    /** Surviving values of every stored field for a ranked cluster (master first). */
    List<FieldChoice> fields(List<Integer> ranked) {
        List<FieldChoice> out = new ArrayList<>();
        // a member's reference, made once for all the fields it gives: a plan holds every cluster's choices until saved
        Map<Integer, List<SourceRef>> from = new HashMap<>();
        List<String> fields = records.rawFields();
        for (int f = 0; f < fields.size(); f++) {
            String field = fields.get(f);
            String rule = rules.fields().getOrDefault(field, "master");
            FieldChoice choice = choose(f, field, rule, ranked, from);
            if (choice != null) {
                out.add(choice);
            }
        }
        return out;
    }

    private FieldChoice choose(int f, String field, String rule, List<Integer> ranked,
                               Map<Integer, List<SourceRef>> from) {
        if (rule.startsWith("source:")) {
            String connection = rule.substring("source:".length()).trim();
            Integer best = null;
            for (int r : ranked) {
                if (records.connection(r).equals(connection) && records.raw(f, r) != null
                        && (best == null || records.lastModified(r) > records.lastModified(best))) {
                    best = r;
                }
            }
            return best != null ? single(field, f, best, rule, from) : choose(f, field, "master", ranked, from);
        }
        switch (rule) {
            case "most-recent" -> {
                Integer best = null;
                for (int r : ranked) {
                    if (records.raw(f, r) != null && (best == null || records.lastModified(r) > records.lastModified(best))) {
                        best = r;
                    }
                }
                return best == null ? null : single(field, f, best, rule, from);
            }
            case "longest" -> {
                Integer best = null;
                for (int r : ranked) {
                    String v = records.raw(f, r);
                    if (v != null && (best == null || v.length() > records.raw(f, best).length())) {
                        best = r;
                    }
                }
                return best == null ? null : single(field, f, best, rule, from);
            }
            case "union" -> {
                Map<String, SourceRef> values = new LinkedHashMap<>();
                for (int r : ranked) {
                    String v = records.raw(f, r);
                    if (v != null) {
                        for (String part : v.split("\n")) {
                            values.putIfAbsent(part, ref(r, from).get(0));
                        }
                    }
                }
                return values.isEmpty() ? null
                        : new FieldChoice(field, List.copyOf(values.keySet()), List.copyOf(values.values()), rule);
            }
            case "master" -> {
                int master = ranked.get(0);
                if (records.raw(f, master) != null) {
                    return single(field, f, master, rule, from);
                }
                FieldChoice recent = choose(f, field, "most-recent", ranked, from);
                return recent == null ? null : new FieldChoice(field, recent.values(), recent.from(), "master, else most-recent");
            }
            default -> throw new IllegalArgumentException("survivorship rule for " + field + ": unknown rule \"" + rule
                    + "\"; expected master, most-recent, longest, union or source:CONNECTION");
        }
    }

    private FieldChoice single(String field, int f, int row, String rule, Map<Integer, List<SourceRef>> from) {
        return new FieldChoice(field, List.of(records.raw(f, row)), ref(row, from), rule);
    }

    private List<SourceRef> ref(int row, Map<Integer, List<SourceRef>> from) {
        return from.computeIfAbsent(row, r -> List.of(records.source(r)));
    }
}

package io.middlemile.dedupe;

import io.middlemile.model.Entity;
import io.middlemile.workspace.DedupeConfig;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The engine's own, fully defaulted view of a {@code dedupe/*.yaml} rule file ({@link DedupeConfig}).
 *
 * @param entity          canonical entity matched
 * @param sources         mapping ids the records come from (informational for the engine)
 * @param mode            DEDUPE compares every blocked pair; LINK only pairs from different sources and keeps at
 *                        most one record per source in a cluster
 * @param blocking        blocking rules, OR-ed; each is a list of fields that must all agree
 * @param comparisons     comparators, at most 16
 * @param autoMerge       match probability at or above which a pair merges without review
 * @param review          match probability at or above which a pair goes to a person
 * @param maxBlockSize    blocks larger than this are skipped (and counted) instead of compared pairwise
 * @param estimateWeights estimate u from random pairs and m by EM; false uses the configured m/u as they are
 * @param prior           prior match probability of a blocked pair when not estimated
 * @param survivorship    master and per-field rules of the merge plan
 */
public record DedupeRules(Entity entity, List<String> sources, Mode mode, List<List<String>> blocking,
                          List<ComparisonRule> comparisons, double autoMerge, double review, int maxBlockSize,
                          boolean estimateWeights, double prior, Survivorship survivorship) {

    /** Comparison methods the engine implements: those a rule file may name. */
    public static final Set<String> METHODS = DedupeConfig.METHODS;

    public static final int DEFAULT_MAX_BLOCK_SIZE = 500;
    static final int MAX_COMPARISONS = 16;

    public enum Mode { DEDUPE, LINK }

    /** Master-record tie-breakers, applied in order. */
    public enum MasterRule { SOURCE_PRIORITY, MOST_COMPLETE, OLDEST, MOST_RECENT }

    /**
     * One comparator.
     *
     * @param termFrequency weight exact agreement by the rarity of the value
     * @param m             configured P(level | match) by level name (start values for EM); may be empty
     * @param u             configured P(level | non-match) by level name; may be empty
     */
    public record ComparisonRule(String field, String method, boolean termFrequency, Map<String, Double> m,
                                 Map<String, Double> u) {
        public ComparisonRule {
            m = m == null ? Map.of() : Map.copyOf(m);
            u = u == null ? Map.of() : Map.copyOf(u);
        }

        /** A comparator with default weights and term-frequency setting for its method. */
        public static ComparisonRule of(String field, String method) {
            return new ComparisonRule(field, method, method.equals("last-name"), Map.of(), Map.of());
        }

        /** "lastName (last-name)": how explanations name this comparison. */
        public String label() {
            return field + " (" + method + ")";
        }
    }

    /**
     * @param master         master-record tie-breakers in order
     * @param sourcePriority connection ids, most trusted first
     * @param fields         field name to rule: master, most-recent, longest, union or source:CONNECTION
     */
    public record Survivorship(List<MasterRule> master, List<String> sourcePriority, Map<String, String> fields) {
        public static final List<MasterRule> DEFAULT_MASTER = List.of(MasterRule.SOURCE_PRIORITY,
                MasterRule.MOST_COMPLETE, MasterRule.MOST_RECENT, MasterRule.OLDEST);

        public Survivorship {
            master = master == null || master.isEmpty() ? DEFAULT_MASTER : List.copyOf(master);
            sourcePriority = sourcePriority == null ? List.of() : List.copyOf(sourcePriority);
            fields = fields == null ? Map.of() : Map.copyOf(fields);
            fields.forEach((field, rule) -> {
                if (!FIELD_RULES.contains(rule) && !(rule.startsWith("source:") && rule.length() > 7)) {
                    throw new IllegalArgumentException("survivorship rule for " + field + ": unknown rule \"" + rule
                            + "\"; expected master, most-recent, longest, union or source:CONNECTION");
                }
            });
        }

        static final List<String> FIELD_RULES = DedupeConfig.FIELD_RULES;

        public static Survivorship defaults() {
            return new Survivorship(null, null, null);
        }
    }

    public DedupeRules {
        sources = List.copyOf(sources);
        blocking = blocking.stream().map(List::copyOf).toList();
        comparisons = List.copyOf(comparisons);
        if (comparisons.isEmpty() || comparisons.size() > MAX_COMPARISONS) {
            throw new IllegalArgumentException("a dedupe rule needs 1 to " + MAX_COMPARISONS + " comparisons, has "
                    + comparisons.size());
        }
        for (ComparisonRule c : comparisons) {
            if (!METHODS.contains(c.method())) {
                throw new IllegalArgumentException("comparison on " + c.field() + ": unknown method \"" + c.method()
                        + "\"; expected one of " + new java.util.TreeSet<>(METHODS));
            }
            // a misspelt level would be skipped, its weight silently the engine's own
            List<String> levels = Comparators.levelNames(c);
            for (String named : union(c.m().keySet(), c.u().keySet())) {
                if (!levels.contains(named)) {
                    throw new IllegalArgumentException("comparison on " + c.label() + ": m or u names the level \"" + named
                            + "\", which it does not have; its levels are " + levels);
                }
            }
        }
        if (blocking.isEmpty()) {
            throw new IllegalArgumentException("a dedupe rule needs at least one blocking key, e.g. [emailKey]");
        }
        if (autoMerge < review) {
            throw new IllegalArgumentException("autoMerge (" + autoMerge + ") must be at least review (" + review + ")");
        }
        if (maxBlockSize < 2) {
            throw new IllegalArgumentException("maxBlockSize must be at least 2, is " + maxBlockSize);
        }
        survivorship = survivorship == null ? Survivorship.defaults() : survivorship;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** Rules from a workspace rule file, with engine defaults for everything the file leaves out. */
    public static DedupeRules from(DedupeConfig config) {
        Entity entity = Entity.byId(config.entity()).orElseThrow(() -> new IllegalArgumentException(
                "dedupe rule " + config.id() + ": unknown entity \"" + config.entity() + "\"; expected person or company"));
        List<ComparisonRule> comparisons = new ArrayList<>();
        for (DedupeConfig.Comparison c : config.comparisons()) {
            boolean tf = c.termFrequency() != null ? c.termFrequency() : c.method().equals("last-name");
            comparisons.add(new ComparisonRule(c.field(), c.method(), tf, c.m(), c.u()));
        }
        Mode mode = config.mode() == null ? Mode.DEDUPE : switch (config.mode().toLowerCase(Locale.ROOT)) {
            case "dedupe" -> Mode.DEDUPE;
            case "link" -> Mode.LINK;
            default -> throw new IllegalArgumentException("dedupe rule " + config.id() + ": mode \"" + config.mode()
                    + "\" is not dedupe or link");
        };
        Survivorship survivorship = Survivorship.defaults();
        if (config.survivorship() != null) {
            DedupeConfig.Survivorship s = config.survivorship();
            List<MasterRule> master = s.master() == null ? null : s.master().stream().map(DedupeRules::masterRule).toList();
            survivorship = new Survivorship(master, s.sourcePriority(), s.fields());
        }
        return new DedupeRules(entity, config.sources(), mode, config.blocking(), comparisons,
                config.thresholds().autoMerge(), config.thresholds().review(),
                config.maxBlockSize() == null ? DEFAULT_MAX_BLOCK_SIZE : config.maxBlockSize(),
                config.estimateWeights() == null || config.estimateWeights(),
                config.prior() == null ? 1e-4 : config.prior(), survivorship);
    }

    private static MasterRule masterRule(String name) {
        try {
            return MasterRule.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("survivorship master rule \"" + name
                    + "\" is unknown; expected one of " + DedupeConfig.MASTER_RULES, e);
        }
    }

    /** Fields kept normalized in the record store: every compared and every blocking field. */
    public List<String> matchFields() {
        Set<String> fields = new LinkedHashSet<>();
        comparisons.forEach(c -> fields.add(c.field()));
        blocking.forEach(fields::addAll);
        return List.copyOf(fields);
    }

    /** Fields kept as written for the merge plan: every compared field and every field with a survivorship rule. */
    public List<String> rawFields() {
        Set<String> fields = new LinkedHashSet<>();
        comparisons.forEach(c -> fields.add(c.field()));
        fields.addAll(survivorship.fields().keySet());
        return List.copyOf(fields);
    }

    public DedupeRules withMaxBlockSize(int size) {
        return new DedupeRules(entity, sources, mode, blocking, comparisons, autoMerge, review, size,
                estimateWeights, prior, survivorship);
    }
}

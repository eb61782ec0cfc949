package io.middlemile.workspace;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A file of {@code dedupe/}: the match rules for one object. The dedupe engine grows this format;
 * the loader already checks its references so rule files can be reviewed today.
 *
 * @param entity      canonical entity matched (person or company)
 * @param sources     the mappings whose records are matched (one: within a system; several: across)
 * @param blocking    blocking keys: lists of canonical fields that must agree for two records to be compared
 * @param comparisons per-field comparators
 * @param thresholds  match probability bands
 * @param mode            optional: "dedupe" (default: every pair) or "link" (only pairs across sources, each
 *                        source assumed free of duplicates, at most one record per source in a cluster)
 * @param maxBlockSize    optional: blocks with more records than this are not compared pairwise (default 500)
 * @param estimateWeights optional: estimate m/u from the data (default true); false uses the file's m/u
 * @param prior           optional: prior probability that a blocked pair matches, used when not estimating
 * @param survivorship    optional: master-record and per-field rules of the merge plan
 * @param keepRuns        optional: how many of the rule's newest runs the state store keeps with their clusters and pairs
 *                        (default {@link #DEFAULT_KEEP_RUNS}); a million contacts' run takes about 220 MB of it
 */
public record DedupeConfig(
        @JsonIgnoreId String id,
        @NotBlank(message = "is required: person or company") String entity,
        @NotEmpty(message = "needs at least one source mapping") List<String> sources,
        @NotEmpty(message = "needs at least one blocking key, e.g. [emailKey]") List<List<String>> blocking,
        @NotEmpty(message = "needs at least one comparison") List<@Valid Comparison> comparisons,
        @NotNull(message = "is required: autoMerge and review thresholds") @Valid Thresholds thresholds,
        String mode,
        @Min(value = 2, message = "must be at least 2: a block is compared pair by pair") Integer maxBlockSize,
        Boolean estimateWeights,
        @DecimalMin("0.0") @DecimalMax("1.0") Double prior,
        @Valid Survivorship survivorship,
        @Min(value = 1, message = "keeps at least the newest run (1); the default is " + DEFAULT_KEEP_RUNS)
        @Max(value = 1000, message = "keeps at most 1000 runs; each keeps its clusters and pairs") Integer keepRuns) {

    /** The comparison methods a rule file may name; the dedupe engine implements each. */
    public static final Set<String> METHODS = Set.of("exact", "email", "phone", "domain", "linkedin", "first-name",
            "last-name", "company-name", "country", "jaro-winkler", "levenshtein");

    /** The master-record rules of {@code survivorship.master}, in a rule file's words. */
    public static final List<String> MASTER_RULES = List.of("source-priority", "most-complete", "oldest", "most-recent");

    /** The per-field rules of {@code survivorship.fields}, besides {@code source:CONNECTION}. */
    public static final List<String> FIELD_RULES = List.of("master", "most-recent", "longest", "union");

    /** Runs kept per rule when the file does not say: enough to compare the last few, few enough not to pile up. */
    public static final int DEFAULT_KEEP_RUNS = 20;

    /** The original six-part form; the optional engine settings take their defaults. */
    public DedupeConfig(String id, String entity, List<String> sources, List<List<String>> blocking,
                        List<Comparison> comparisons, Thresholds thresholds) {
        this(id, entity, sources, blocking, comparisons, thresholds, null, null, null, null, null, null);
    }

    /** How many of the rule's newest runs the state store keeps. */
    public int keptRuns() {
        return keepRuns == null ? DEFAULT_KEEP_RUNS : keepRuns;
    }

    public DedupeConfig withId(String newId) {
        return new DedupeConfig(newId, entity, sources, blocking, comparisons, thresholds, mode, maxBlockSize,
                estimateWeights, prior, survivorship, keepRuns);
    }

    /**
     * One comparator on one canonical field.
     *
     * @param termFrequency optional: weight an exact agreement by how rare the value is (default: true for
     *                      last-name, false otherwise)
     * @param m             optional: P(level | match) per level name, used as start values or, with
     *                      {@code estimateWeights: false}, as the weights themselves
     * @param u             optional: P(level | non-match) per level name
     */
    public record Comparison(
            @NotBlank(message = "is required: the canonical field compared") String field,
            @NotBlank(message = "is required: exact, email, phone, domain, linkedin, first-name, last-name, company-name, country, jaro-winkler or levenshtein")
            String method,
            Boolean termFrequency,
            Map<String, Double> m,
            Map<String, Double> u) {

        public Comparison(String field, String method) {
            this(field, method, null, null, null);
        }
    }

    /**
     * How the merge plan picks the master record and each field's surviving value.
     *
     * @param master         tie-breaking rules in order: source-priority, most-complete, oldest, most-recent
     * @param sourcePriority connection ids, most trusted first
     * @param fields         canonical field to rule: most-recent, longest, union, master, or source:CONNECTION
     */
    public record Survivorship(List<String> master, List<String> sourcePriority, Map<String, String> fields) {
    }

    /** Probability bands: at or above autoMerge merges, at or above review asks a person. */
    public record Thresholds(
            @NotNull(message = "is required: a probability between 0.0 and 1.0, e.g. 0.98")
            @DecimalMin(value = "0.0", message = "must be between 0.0 and 1.0")
            @DecimalMax(value = "1.0", message = "must be between 0.0 and 1.0") Double autoMerge,
            @NotNull(message = "is required: a probability between 0.0 and 1.0, e.g. 0.80")
            @DecimalMin(value = "0.0", message = "must be between 0.0 and 1.0")
            @DecimalMax(value = "1.0", message = "must be between 0.0 and 1.0") Double review) {
    }
}

package io.middlemile.workspace;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.util.List;

/**
 * A file of {@code dedupe/}: the match rules for one object. The dedupe engine grows this format;
 * the loader already checks its references so rule files can be reviewed today.
 *
 * @param entity      canonical entity matched (person or company)
 * @param sources     the mappings whose records are matched (one: within a system; several: across)
 * @param blocking    blocking keys: lists of canonical fields that must agree for two records to be compared
 * @param comparisons per-field comparators
 * @param thresholds  match probability bands
 */
public record DedupeConfig(
        @JsonIgnoreId String id,
        @NotBlank(message = "is required: person or company") String entity,
        @NotEmpty(message = "needs at least one source mapping") List<String> sources,
        @NotEmpty(message = "needs at least one blocking key, e.g. [emailKey]") List<List<String>> blocking,
        @NotEmpty(message = "needs at least one comparison") List<@Valid Comparison> comparisons,
        @NotNull(message = "is required: autoMerge and review thresholds") @Valid Thresholds thresholds) {

    public DedupeConfig withId(String newId) {
        return new DedupeConfig(newId, entity, sources, blocking, comparisons, thresholds);
    }

    /** One comparator on one canonical field. */
    public record Comparison(
            @NotBlank(message = "is required: the canonical field compared") String field,
            @NotBlank(message = "is required: exact, email, phone, domain, linkedin, first-name, last-name, company-name, jaro-winkler or levenshtein")
            String method) {
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

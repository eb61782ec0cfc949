package io.middlemile.workspace;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import java.util.List;
import java.util.Map;

/**
 * A hygiene file of {@code hygiene/}: the rules one CRM object's records should keep, and the fields whose
 * completeness is measured ({@code hygiene/NAME.yaml}). The {@code quality} package turns it into rules; the
 * loader checks it here, so every mistake is a {@code file:line} error before a report runs. The records hold
 * what the file says and refuse nothing themselves, so all mistakes are reported at once.
 *
 * @param source     {@code connection/object} whose records are checked, e.g. {@code hubspot/contacts}
 * @param ownerField optional: the field holding the record's owner (hubspot_owner_id, OwnerId)
 * @param fields     optional: fields whose completeness is measured (fields with a conformance rule are added)
 * @param pipeline   optional: where a record's pipeline, stage and stage entry date are, for the per-pipeline report
 * @param enrichment optional: the waterfall whose cache tells the enrichment coverage, and the mapping that gives
 *                   a record's identity (email, LinkedIn URL, ...) as the waterfall looks it up
 * @param rules      in report order
 */
public record HygieneConfig(
        @JsonIgnoreId String id,
        String description,
        @NotBlank(message = "is required: the connection/object to check, e.g. hubspot/contacts") String source,
        String ownerField,
        List<String> fields,
        @Valid Pipeline pipeline,
        @Valid Enrichment enrichment,
        @NotEmpty(message = "needs at least one rule, e.g. - {name: emails, severity: error, conformance: {field: email, standardizer: email}}")
        List<@Valid Rule> rules) {

    public HygieneConfig {
        fields = fields == null ? List.of() : fields;
    }

    public HygieneConfig withId(String newId) {
        return new HygieneConfig(newId, description, source, ownerField, fields, pipeline, enrichment, rules);
    }

    /** A field the file names: its name, its place in the file (a JSON pointer) and where in words ("rule basics"). */
    public record NamedField(String field, String pointer, String where) {
    }

    /**
     * Every field of its source the file names, in the file's order: what validation checks against the connection's
     * fields and a report against the fields its records have, so that a misspelt name is pointed out instead of being
     * read as a field every record lacks. A field holding {@code {stage}} (a pattern of many fields) is left out.
     */
    public List<NamedField> namedFields() {
        List<NamedField> named = new java.util.ArrayList<>();
        for (int i = 0; fields != null && i < fields.size(); i++) {
            add(named, fields.get(i), "/fields/" + i, "fields");
        }
        add(named, ownerField, "/ownerField", "ownerField");
        if (pipeline != null) {
            add(named, pipeline.field(), "/pipeline/field", "pipeline");
            add(named, pipeline.stageField(), "/pipeline/stageField", "pipeline");
            add(named, pipeline.enteredField(), "/pipeline/enteredField", "pipeline");
        }
        for (int r = 0; rules != null && r < rules.size(); r++) {
            Rule rule = rules.get(r);
            if (rule == null) {
                continue;
            }
            String at = "/rules/" + r;
            String where = "rule " + rule.name();
            if (rule.required() != null) {
                add(named, rule.required().stageField(), at + "/required/stageField", where);
                List<String> required = rule.required().fields() == null ? List.of() : rule.required().fields();
                for (int f = 0; f < required.size(); f++) {
                    add(named, required.get(f), at + "/required/fields/" + f, where);
                }
            }
            if (rule.pastDate() != null) {
                add(named, rule.pastDate().field(), at + "/pastDate/field", where);
                add(named, rule.pastDate().statusField(), at + "/pastDate/statusField", where);
            }
            if (rule.stageAge() != null) {
                add(named, rule.stageAge().stageField(), at + "/stageAge/stageField", where);
                add(named, rule.stageAge().enteredField(), at + "/stageAge/enteredField", where);
            }
            if (rule.conformance() != null) {
                add(named, rule.conformance().field(), at + "/conformance/field", where);
                add(named, rule.conformance().countryField(), at + "/conformance/countryField", where);
            }
            if (rule.allowed() != null) {
                add(named, rule.allowed().field(), at + "/allowed/field", where);
            }
            if (rule.missingRelation() != null) {
                add(named, rule.missingRelation().field(), at + "/missingRelation/field", where);
            }
        }
        return named;
    }

    private static void add(List<NamedField> named, String field, String pointer, String where) {
        if (field != null && !field.isBlank() && !field.contains("{")) {
            named.add(new NamedField(field, pointer, where));
        }
    }

    /**
     * Where a record's pipeline and stage are: the report then shows each pipeline's stage ages, stale records and
     * exit-criteria breaches.
     *
     * @param field        the pipeline field (pipeline in HubSpot); leave it out for an object with one pipeline
     * @param enteredField the field holding when the record entered its stage; may hold {@code {stage}}
     */
    public record Pipeline(String field,
                           @NotBlank(message = "is required: the stage field, e.g. dealstage") String stageField,
                           @NotBlank(message = "is required: the field holding when the record entered its stage, e.g."
                                   + " hs_v2_date_entered_{stage}") String enteredField) {
    }

    /** The waterfall (enrich/NAME.yaml) whose results count as this object's enrichment, read through an inbound mapping. */
    public record Enrichment(@NotBlank(message = "is required: the waterfall, a file of enrich/, e.g. contacts") String waterfall,
                             @NotBlank(message = "is required: the inbound mapping of the source, e.g. hubspot-contacts") String mapping) {
    }

    /**
     * One rule: a name, a severity and exactly one kind.
     *
     * @param severity info, warning (the default) or error
     */
    public record Rule(
            @NotBlank(message = "is required: a short name findings will show, e.g. stage-exit-contractsent") String name,
            String severity,
            @Valid Required required,
            @Valid PastDate pastDate,
            @Valid StageAge stageAge,
            @Valid Untouched untouched,
            @Valid Conformance conformance,
            @Valid Allowed allowed,
            @Valid MissingRelation missingRelation,
            @Valid InactiveOwner inactiveOwner) {

        /** How many kinds the rule names; exactly one is right. */
        public int kinds() {
            int n = 0;
            for (Object kind : new Object[] {required, pastDate, stageAge, untouched, conformance, allowed, missingRelation, inactiveOwner}) {
                n += kind == null ? 0 : 1;
            }
            return n;
        }
    }

    /** Fields every record (or every record in the listed stages of {@code stageField}) must have. */
    public record Required(String stageField, List<String> stages,
                           @NotEmpty(message = "needs the fields a record must have, e.g. [amount, closedate]") List<String> fields) {
    }

    /** An open record whose date has passed; closed when {@code statusField} holds one of {@code closed}. */
    public record PastDate(@NotBlank(message = "is required: the date field, e.g. closedate") String field, String statusField,
                           List<String> closed) {
    }

    /** Days allowed per stage; {@code enteredField} may hold {@code {stage}}, e.g. hs_v2_date_entered_{stage}. */
    public record StageAge(@NotBlank(message = "is required: the stage field, e.g. dealstage") String stageField,
                           @NotBlank(message = "is required: the field holding when the record entered its stage") String enteredField,
                           @NotEmpty(message = "needs the days allowed per stage, e.g. {qualifiedtobuy: 30}") Map<String, @Min(value = 1, message = "must be 1 or more days in the stage") Integer> maxDays) {
    }

    /** A record not changed in more than {@code days} days. */
    public record Untouched(@Min(value = 1, message = "must be 1 or more") int days) {
    }

    /** A value its standardizer would change or refuses. */
    public record Conformance(@NotBlank(message = "is required: the field to check") String field,
                              @NotBlank(message = "is required: a standardizer, e.g. phone") String standardizer,
                              String countryField) {
    }

    /** A picklist value outside {@code values}. */
    public record Allowed(@NotBlank(message = "is required: the picklist field") String field,
                          @NotEmpty(message = "needs the allowed values") List<String> values) {
    }

    /** A record whose relation field is empty; {@code what} names the related record in findings ("company"). */
    public record MissingRelation(@NotBlank(message = "is required: the relation field, e.g. associations.companies") String field,
                                  @NotBlank(message = "is required: the related record in words, e.g. company") String what) {
    }

    /**
     * A record whose owner is not among the active owners: those listed ({@code active}), or a CRM connection's active users
     * and queues as last read into the state store ({@code from}, read with {@code middlemile assign owners CONNECTION
     * --refresh}). Exactly one of the two.
     */
    public record InactiveOwner(List<String> active, String from) {
    }
}

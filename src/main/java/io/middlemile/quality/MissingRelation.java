package io.middlemile.quality;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * A record missing the record it should belong to: a contact without a company, a deal without contacts.
 *
 * @param field the field holding the related ids (associations.companies, AccountId)
 * @param what  the related record in words, for the message: "a company"
 */
public record MissingRelation(String name, Severity severity, String object, String field, String what) implements HygieneRule {

    @Override
    public void check(Inspected record, Instant now, Consumer<Finding> findings) {
        if (record.text(field) == null) {
            findings.accept(finding(record, field, null, null, "has no " + what + " (" + field + " is empty)"));
        }
    }
}

package io.middlemile.quality;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * One hygiene rule of one object: it looks at a record and reports what is wrong with it as findings.
 * Pure: no I/O, no clock of its own ({@code now} is passed in, so a report and its tests agree on "today").
 */
public sealed interface HygieneRule permits RequiredFields, PastDate, StageAge, Untouched, Conformance, AllowedValues,
        MissingRelation, InactiveOwner {

    /** The rule's name, unique within its file; findings carry it. */
    String name();

    Severity severity();

    /** The object whose records the rule reads; records of other objects are not its business. */
    String object();

    /** Reports each finding for this record (none when it is clean). */
    void check(Inspected record, Instant now, Consumer<Finding> findings);

    /** A finding of this rule about one field of a record. */
    default Finding finding(Inspected record, String field, String current, String suggested, String message) {
        return new Finding(name(), severity(), record.object(), record.id(), field, current, suggested, record.owner(), message);
    }
}

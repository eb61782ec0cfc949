package io.middlemile.outreach;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What suppression needs to know beyond the record itself: earlier contacts and enrolments, kept by the send ledger
 * and the match index. Implemented over the store; tests pass their own. Called once per record checked, after the
 * record's own fields have cleared it, so an implementation may query per call.
 */
public interface SuppressionFacts {

    /**
     * The most recent time the person was contacted (an email enrolment, an invitation or a message sent), looked up by
     * email and by LinkedIn profile: on any channel by any other outreach file, and by the deciding file on the channel
     * of the send being decided, to another record of the person. The deciding file's own sends on its other channel, and
     * to this record, do not count: a file reaches a person on each of its channels, and the ledger's "already sent"
     * answers for this record's own sends.
     *
     * @param email    the person's email, standardized, or null
     * @param linkedin the person's LinkedIn profile URL, standardized, or null
     * @return the latest contact, or empty when the person was never contacted (or both identifiers are null)
     */
    Optional<Contact> lastContacted(String email, String linkedin);

    /**
     * Another record, already enrolled or invited by any outreach file, that the dedupe rule {@code dedupeRule} matches
     * with this record at or above the rule's review threshold: the same person under a second CRM record. The
     * record itself is not "another": its own earlier sends are {@link #lastContacted}'s concern.
     *
     * @param dedupeRule the rule of {@code dedupe/} named by {@code suppress.duplicates}
     * @param record     the record's canonical fields
     * @return that record and the match score, or empty when there is none
     */
    Optional<Enrolled> enrolledAs(String dedupeRule, Map<String, Object> record);

    /**
     * @param at      when the person was contacted
     * @param channel how, as an operator says it: "email", "LinkedIn"
     */
    record Contact(Instant at, String channel) {
        public Contact {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(channel, "channel");
        }
    }

    /**
     * @param record the enrolled record as an operator finds it in the CRM, e.g. "contact 1234"
     * @param score  the dedupe rule's match probability, 0..1
     */
    record Enrolled(String record, double score) {
        public Enrolled {
            Objects.requireNonNull(record, "record");
        }
    }

    /** No earlier contacts and no enrolments: for a first run, and for tests of the record's own fields. */
    SuppressionFacts NONE = new SuppressionFacts() {
        @Override
        public Optional<Contact> lastContacted(String email, String linkedin) {
            return Optional.empty();
        }

        @Override
        public Optional<Enrolled> enrolledAs(String dedupeRule, Map<String, Object> record) {
            return Optional.empty();
        }
    };
}

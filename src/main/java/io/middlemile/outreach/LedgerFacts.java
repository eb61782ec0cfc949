package io.middlemile.outreach;

import io.middlemile.dedupe.DedupeRules;
import io.middlemile.dedupe.MatchDecision;
import io.middlemile.dedupe.PairDecision;
import io.middlemile.match.IndexLoadingException;
import io.middlemile.match.IndexNotBuiltException;
import io.middlemile.match.MatchIndexes;
import io.middlemile.match.MatchQuery;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.store.OutreachSendStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@link SuppressionFacts} over the send ledger and the match index: when a person was last contacted on any channel
 * (by email and by LinkedIn identifier), and whether the dedupe rule's incremental matcher finds the same person under
 * another record that was already sent to. One per record checked ({@link #of}): the record itself is never "another", and
 * an outreach file's own sends on its other channel do not hold back its send on this one ({@link Record#on}).
 */
final class LedgerFacts {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerFacts.class);

    private final OutreachSendStore ledger;
    private final MatchIndexes matches;
    private boolean warned;

    /** @param matches the engine's match indexes; null where there are none (then no record counts as enrolled elsewhere) */
    LedgerFacts(OutreachSendStore ledger, MatchIndexes matches) {
        this.ledger = ledger;
        this.matches = matches;
    }

    /**
     * The sends to a page's people that "contacted within N days" of outreach {@code outreach} weighs, asked in one query
     * ({@link OutreachSendStore#lastContacts}).
     */
    Map<String, List<OutreachSendStore.Contact>> lastContacts(String outreach, List<String> people) {
        return ledger.lastContacts(outreach, people.stream().filter(Objects::nonNull).distinct().toList());
    }

    /**
     * The facts about one record of a page, for its send on one channel at a time ({@link Record#on}).
     *
     * @param outreach   the outreach file deciding
     * @param contacts   the page's people's sends ({@link #lastContacts})
     * @param unrecorded whether this run enrolled a record whose ledger row is not written yet
     */
    Record of(String outreach, String recordKey, Map<String, List<OutreachSendStore.Contact>> contacts, Predicate<String> unrecorded) {
        return new Record(outreach, recordKey, contacts, unrecorded);
    }

    /** One record's facts; the match index is asked at most once, whatever the channels. */
    final class Record {
        private final String outreach;
        private final String recordKey;
        private final Map<String, List<OutreachSendStore.Contact>> contacts;
        private final Predicate<String> unrecorded;
        private final Map<String, Optional<SuppressionFacts.Enrolled>> enrolled = new java.util.HashMap<>();

        private Record(String outreach, String recordKey, Map<String, List<OutreachSendStore.Contact>> contacts,
                       Predicate<String> unrecorded) {
            this.outreach = outreach;
            this.recordKey = recordKey;
            this.contacts = contacts;
            this.unrecorded = unrecorded;
        }

        /**
         * The facts as they count against the record's send on {@code channel} (email, linkedin; null for any): the
         * outreach file's own sends on its other channel do not count, nor its own earlier sends to this same record (the
         * ledger's "already enrolled" answers for those). The file reaches a person on each of its channels: its invitation
         * must not make its own enrolment of the same person "contacted recently", or a retry of a failed enrolment would
         * never enrol the people its invitations reached in the failed run. Another file's send, or this file's send on the
         * same channel to another record of the person, still counts.
         */
        SuppressionFacts on(String channel) {
            return new SuppressionFacts() {
                @Override
                public Optional<Contact> lastContacted(String email, String linkedin) {
                    return Stream.of(OutreachRun.person(email), OutreachRun.person(linkedin)).filter(Objects::nonNull).distinct()
                            .map(contacts::get).filter(Objects::nonNull).flatMap(List::stream)
                            .filter(contact -> counts(contact, channel))
                            .max(java.util.Comparator.comparing(OutreachSendStore.Contact::at))
                            .map(c -> new Contact(c.at(), c.channel().equals("email") ? "email" : "LinkedIn"));
                }

                @Override
                public Optional<Enrolled> enrolledAs(String dedupeRule, Map<String, Object> record) {
                    return enrolled.computeIfAbsent(dedupeRule, rule -> enrolledElsewhere(recordKey, rule, record, unrecorded));
                }
            };
        }

        private boolean counts(OutreachSendStore.Contact contact, String channel) {
            if (!contact.outreach().equals(outreach)) {
                return true;
            }
            return !contact.recordKey().equals(recordKey) && (channel == null || contact.channel().equals(channel));
        }
    }

    private Optional<SuppressionFacts.Enrolled> enrolledElsewhere(String recordKey, String rule, Map<String, Object> record,
                                                                  Predicate<String> unrecorded) {
        if (matches == null) {
            return Optional.empty();
        }
        List<PairDecision> found;
        try {
            DedupeRules rules = matches.rules(rule);
            Map<String, Object> fields = new LinkedHashMap<>();
            record.forEach((name, value) -> {
                if (value != null && rules.entity().field(name).isPresent()) {
                    fields.put(name, value);
                }
            });
            CanonicalRecord query = MatchQuery.canonical(rules, fields);
            if (!MatchQuery.matchable(rules, query)) {
                return Optional.empty();
            }
            found = matches.lookup(rule, query).matches();
        } catch (IndexNotBuiltException | IndexLoadingException e) {
            if (!warned) {
                warned = true;
                // the store's own reason: not built, or still loading (a rehearsal's scratch store has none: it looks up nothing)
                LOG.warn("Outreach cannot look for people already enrolled under another record yet: {} Records are still checked"
                        + " against the send ledger by email and LinkedIn profile.", e.getMessage());
            }
            return Optional.empty();
        }
        List<PairDecision> candidates = new ArrayList<>();
        for (PairDecision pair : found) {
            if (pair.decision() != MatchDecision.NO_MATCH && !pair.right().toString().equals(recordKey)) {
                candidates.add(pair);
            }
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Set<String> enrolled = ledger.enrolled(candidates.stream().map(pair -> pair.right().toString()).toList());
        return candidates.stream().filter(pair -> enrolled.contains(pair.right().toString()) || unrecorded.test(pair.right().toString()))
                .findFirst()
                .map(pair -> new SuppressionFacts.Enrolled(pair.right().object() + " " + pair.right().sourceId() + " of "
                        + pair.right().connection(), pair.probability()));
    }
}

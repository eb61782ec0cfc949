package io.middlemile.connector;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A provider that reaches people: enrols leads into an email campaign (Instantly) or sends a LinkedIn invitation or
 * message (Unipile). The outreach step ({@code io.middlemile.outreach}) calls it only for sends that passed
 * suppression, the account's caps and the governed pipeline (kill switch, policy, caps, journal): a connector never
 * decides whether to send, only how, and reports what the provider did with each send.
 */
public interface Outreach {

    /** What a send does at the provider. */
    enum Kind {
        /** Add a lead to an email campaign or list (Instantly {@code POST /api/v2/leads/add}). */
        ENROL,
        /** A LinkedIn invitation with an optional note (Unipile: profile look-up, then {@code POST /api/v1/users/invite}). */
        INVITE,
        /** A LinkedIn message, in the existing chat with the person or a new one (Unipile {@code POST /api/v1/chats}). */
        MESSAGE,
        /**
         * Set a lead's interest status in the campaign or list it was enrolled in (Instantly
         * {@code POST /api/v2/leads/update-interest-status}): the recipient is the email, the destination the campaign or
         * list, the field {@link #INTEREST_VALUE} the value (absent: back to Instantly's plain "Lead").
         */
        INTEREST,
        /**
         * Take an enrolled lead out of its campaign or list (Instantly {@code DELETE /api/v2/leads/{id}}): the recipient is
         * the provider's lead id as the enrolment answered it, the destination the campaign or list it is in.
         */
        REMOVE
    }

    /** The field of an {@link Kind#INTEREST} send carrying the interest value (an integer). */
    String INTEREST_VALUE = "interest_value";

    /**
     * One send.
     *
     * @param key         the record's key in the hub (the journal's record key), echoed in its {@link Outcome}
     * @param kind        what it does
     * @param account     the sending account (a Unipile {@code account_id}); null where the workspace sends (Instantly)
     * @param destination where it goes: {@code campaign:ID} or {@code list:ID} for {@link Kind#ENROL}; for a
     *                    {@link Kind#MESSAGE} a chat id to post into, or null to start (or reuse) the 1-to-1 chat
     * @param recipient   the person: the email for {@link Kind#ENROL}; a LinkedIn profile URL or public identifier
     *                    for {@link Kind#INVITE} and {@link Kind#MESSAGE}
     * @param fields      the provider-shaped fields sent along (Instantly's lead object: first_name, company_name,
     *                    custom_variables, ...); empty when none
     * @param text        the invitation note or message text; null for {@link Kind#ENROL} (and an invitation without a note)
     */
    record Send(String key, Kind kind, String account, String destination, String recipient, Map<String, Object> fields,
                String text) {

        public Send {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(kind, "kind");
            fields = fields == null ? Map.of() : Map.copyOf(fields);
        }
    }

    /**
     * What the provider did with one send.
     *
     * @param providerId the provider's id of what was made (Instantly's lead id, Unipile's invitation id or message
     *                   id); null when nothing was made
     * @param reason     why it was skipped, rejected or deferred, worded for an operator; null when sent
     * @param retryAt    for {@link Status#DEFERRED}: when the provider said it can take it again, or null when it did
     *                   not say (the account's next sending window then)
     */
    record Outcome(String key, Status status, String providerId, String reason, Instant retryAt) {

        public enum Status {
            /** The provider took it: the lead is in the campaign, the invitation or message went out. */
            SENT,
            /** Not sent, and not to be sent again by this request (already in the workspace or campaign, already invited). */
            SKIPPED,
            /** Refused for this record (invalid email, blocklisted, a note over LinkedIn's limit); the others go on. */
            REJECTED,
            /** Not sent now (the provider's per-account limit); to be sent again later, never dropped. */
            DEFERRED
        }

        public Outcome {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(status, "status");
        }

        public static Outcome sent(String key, String providerId) {
            return new Outcome(key, Status.SENT, providerId, null, null);
        }
    }

    /** The most sends of one kind one {@link #send} call may carry (Instantly: 1,000 leads; Unipile: 1). */
    int maxBatchSize(Kind kind);

    /**
     * Sends, all of one kind and destination, and answers one outcome per send in their order. A refusal of one
     * record is an outcome; a call that failed as a whole (key, scope, the provider down after retries) throws.
     *
     * @param options per-call provider options (Instantly: skip_if_in_workspace, skip_if_in_campaign, blocklist_id);
     *                empty when none
     * @throws ConnectorException when the provider refused or failed the call as a whole
     */
    List<Outcome> send(List<Send> sends, Map<String, Object> options);
}

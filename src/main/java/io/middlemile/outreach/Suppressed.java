package io.middlemile.outreach;

import java.util.Objects;

/**
 * Why a record is not contacted.
 *
 * @param reason the rule that caught it
 * @param why    what was found, for an operator: "lifecycleStage is customer", "contacted 12 days ago by email
 *               (30-day rule)"
 */
public record Suppressed(Reason reason, String why) {

    public Suppressed {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(why, "why");
    }

    /** The suppression rules, in the order they are checked (the first that applies is the one reported). */
    public enum Reason {
        /** A true/false field such as emailOptOut or emailBounced is true. */
        OPTED_OUT("opted out"),
        /** The customers field has one of the customer values. */
        CUSTOMER("customer"),
        /** The open-deals field counts more than 0 deals (or is true). */
        OPEN_DEAL("open deal"),
        /** The email is a role mailbox (info@, sales@), not a person. */
        ROLE_ADDRESS("role address"),
        /** The email is at a free-mail provider. */
        FREE_MAIL("free mail"),
        /** The person was contacted on some channel within the configured days. */
        RECENTLY_CONTACTED("contacted recently"),
        /** The same person is already enrolled under another record. */
        ALREADY_ENROLLED("already enrolled"),
        /** The person wrote on LinkedIn before the message that follows their accepted invitation was due. */
        REPLIED("replied");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        /** How summaries name it: "open deal". */
        public String label() {
            return label;
        }
    }
}

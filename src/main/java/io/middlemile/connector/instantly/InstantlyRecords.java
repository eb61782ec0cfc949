package io.middlemile.connector.instantly;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Instantly-shaped values in and out of {@link InstantlyClient}; mappings translate them to and from the hub's. */
public final class InstantlyRecords {

    private InstantlyRecords() {
    }

    /**
     * One lead of a bulk add (Instantly's lead object; null fields are left out of the request).
     *
     * @param customVariables the campaign's custom variables for this lead: strings, numbers, booleans or null
     */
    public record Lead(String email, String firstName, String lastName, String companyName, String jobTitle, String phone,
                       String website, String personalization, Map<String, Object> customVariables) {

        public Lead {
            customVariables = customVariables == null ? Map.of() : Map.copyOf(customVariables);
        }

        public static Lead email(String email) {
            return new Lead(email, null, null, null, null, null, null, null, Map.of());
        }
    }

    /** Where leads go: exactly one of a campaign or a list, as Instantly requires. */
    public record Target(String campaignId, String listId) {

        public Target {
            if ((campaignId == null) == (listId == null)) {
                throw new IllegalArgumentException("Instantly adds leads to exactly one of a campaign or a list; got campaign "
                        + campaignId + " and list " + listId + ". Name one of them in the route.");
            }
        }

        public static Target campaign(String id) {
            return new Target(Objects.requireNonNull(id, "campaign id"), null);
        }

        public static Target list(String id) {
            return new Target(null, Objects.requireNonNull(id, "list id"));
        }

        String describe() {
            return campaignId != null ? "campaign " + campaignId : "list " + listId;
        }
    }

    /**
     * The options of a bulk add. {@code skipIfInWorkspace} overrides the other two skip flags (Instantly's doc).
     *
     * @param blocklistId the blocklist to check against; null: the workspace's default blocklist
     */
    public record AddOptions(boolean skipIfInWorkspace, boolean skipIfInCampaign, boolean skipIfInList, String blocklistId,
                             boolean verifyLeadsOnImport) {

        public static AddOptions none() {
            return new AddOptions(false, false, false, null, false);
        }

        public static AddOptions skipAnyInWorkspace() {
            return new AddOptions(true, false, false, null, false);
        }
    }

    /** Instantly's summary of one bulk add, as it sent it. */
    public record AddCounts(int totalSent, int leadsUploaded, int inBlocklist, int duplicatedLeads, int skippedCount,
                            int invalidEmailCount, int incompleteCount, int duplicateEmailCount, Integer remainingInPlan,
                            String blocklistUsed) {
    }

    /** A lead Instantly created: its position in the request and its new id. */
    public record CreatedLead(int index, String id, String email) {
    }

    /** What became of one lead of a bulk add; see {@link LeadOutcomes} for what is known and what is inferred. */
    public enum Outcome {
        /** Created; {@link LeadResult#leadId()} holds its id. */
        UPLOADED,
        /** Not added because of a skip_if_in_... flag: it is already elsewhere in the workspace. */
        SKIPPED,
        /** Missing or malformed email (or, for a list, no email and no name). */
        INVALID,
        /** Already in this campaign or list, or the same email earlier in the same call. */
        DUPLICATE,
        /** Its email is on the blocklist checked. */
        BLOCKLISTED,
        /**
         * Not created, and Instantly's counts leave more than one reason possible (it reports reasons as counts, not per
         * lead); {@link LeadResult#reason()} lists the candidates.
         */
        NOT_ADDED
    }

    /**
     * One lead's outcome.
     *
     * @param index  position in the request
     * @param leadId Instantly's id when uploaded, else null
     * @param reason why, in words, for the run summary
     */
    public record LeadResult(int index, String email, Outcome outcome, String leadId, String reason) {
    }

    /** A bulk add's answer: Instantly's counts and each lead's outcome, in request order. */
    public record AddResult(AddCounts counts, List<LeadResult> leads) {

        public AddResult {
            leads = List.copyOf(leads);
        }

        public long count(Outcome outcome) {
            return leads.stream().filter(l -> l.outcome() == outcome).count();
        }
    }

    /**
     * A campaign of the workspace.
     *
     * @param status Instantly's campaign status: 0 draft, 1 active, 2 paused, 3 completed, 4 running subsequences,
     *               -99 account suspended, -1 accounts unhealthy, -2 bounce protect
     */
    public record Campaign(String id, String name, Integer status) {
    }

    /** One page of campaigns; {@code nextStartingAfter} is null on the last page. */
    public record CampaignPage(List<Campaign> items, String nextStartingAfter) {

        public CampaignPage {
            items = List.copyOf(items);
        }
    }
}

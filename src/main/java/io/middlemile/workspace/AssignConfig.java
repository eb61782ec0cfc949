package io.middlemile.workspace;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import java.util.List;
import java.util.Map;

/**
 * A rule set of {@code assign/}: who gets a lead ({@code assign/NAME.yaml}). The {@code assign} package turns
 * it into rules; the loader checks it here so a mistake is a {@code file:line} error before anything runs.
 * The records hold what the file says and refuse nothing themselves: a constructor that threw would stop
 * binding at the first mistake, and the admin should see all of them at once.
 *
 * @param description optional: what the rule set is for, shown to reviewers
 * @param owners      optional: the owners this rule set may name; when absent, those of {@code assign/owners.yaml}
 * @param pools       optional: round-robin pools by name; a pool's name keys its rotation, so rules naming the
 *                    same pool share one rotation
 * @param rules       in evaluation order; the first that matches and finds an owner wins
 * @param ownersFrom  set instead of {@code owners} when the file says {@code owners: {from: CONNECTION}}: the owners are
 *                    that CRM's users, read into the state store by {@code middlemile assign owners NAME --refresh}
 *                    (the loader reads this form itself, so it is never bound from the file)
 */
public record AssignConfig(
        @JsonIgnoreId String id,
        String description,
        List<@Valid Owner> owners,
        Map<String, @NotEmpty(message = "needs at least one member, e.g. - {owner: sam, weight: 2}") List<@Valid Member>> pools,
        @NotEmpty(message = "needs at least one rule; the first rule that matches and finds an owner wins") List<@Valid Rule> rules,
        @JsonProperty(access = JsonProperty.Access.READ_ONLY) String ownersFrom) {

    /** The file holding the owners every rule set shares: {@code assign/owners.yaml}; no rule set may be called that. */
    public static final String OWNERS_FILE = "owners";

    public AssignConfig {
        pools = pools == null ? Map.of() : pools;
    }

    /**
     * Every owner id the rules name: named owners, fallbacks and the members of the pools they rotate through; account
     * owners come from the accounts. Empty parts of a file validation refused are passed over.
     */
    public java.util.Set<String> ownerIds() {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        for (Rule rule : rules == null ? List.<Rule>of() : rules) {
            if (rule == null) {
                continue;
            }
            if (rule.owner() != null) {
                ids.add(rule.owner());
            }
            if (rule.fallback() != null) {
                ids.add(rule.fallback());
            }
            if (rule.roundRobin() != null && pools.get(rule.roundRobin()) != null) {
                pools.get(rule.roundRobin()).stream().filter(java.util.Objects::nonNull).map(Member::owner)
                        .filter(java.util.Objects::nonNull).forEach(ids::add);
            }
        }
        return ids;
    }

    public AssignConfig withId(String newId) {
        return new AssignConfig(newId, description, owners, pools, rules, ownersFrom);
    }

    public AssignConfig withOwnersFrom(String connection) {
        return new AssignConfig(id, description, owners, pools, rules, connection);
    }

    /**
     * One assignment rule: conditions (all must hold; none matches every lead) and exactly one action:
     * {@code owner}, {@code accountOwner: true} or {@code roundRobin}.
     *
     * @param name         unique in the file; every decision names the rule that fired
     * @param territory    optional: countries and regions
     * @param segment      optional: employees, revenue, industries
     * @param when         optional: canonical-field conditions with the mapping's when: operators, all must hold
     * @param owner        action: this owner id
     * @param accountOwner action: true gives the lead to the owner of the account its company matches
     * @param roundRobin   action: the name of a pool under {@code pools:}
     * @param fallback     optional: the owner when the action finds nobody; without one the next rule is tried
     */
    public record Rule(
            @NotBlank(message = "is required: a short name that decisions will show, e.g. \"DACH enterprise\"") String name,
            @Valid Territory territory,
            @Valid Segment segment,
            List<@Valid Condition> when,
            String owner,
            Boolean accountOwner,
            String roundRobin,
            String fallback) {
    }

    /**
     * @param countries ISO 3166-1 alpha-2 codes (DE, US), as the country standardizer writes them
     * @param regions   ISO 3166-2 codes (US-CA), as the region standardizer writes them
     */
    public record Territory(List<String> countries, List<String> regions) {
    }

    /**
     * @param employees  range of the company's employeeCount
     * @param revenue    range of the company's annualRevenue
     * @param industries the company's industry is one of these (case-insensitive)
     */
    public record Segment(@Valid Range employees, @Valid Range revenue, List<String> industries) {
    }

    /** Inclusive bounds; either may be left out. */
    public record Range(Double min, Double max) {
    }

    /**
     * One member of a round-robin pool.
     *
     * @param owner    owner id
     * @param weight   share of the pool's leads (default 1)
     * @param capacity optional: limits beyond which the member is skipped
     */
    public record Member(
            @NotBlank(message = "is required: the owner id of this pool member") String owner,
            @Min(value = 1, message = "must be 1 or more; the weight is this member's share of the pool's leads, e.g. 3 for three times as many as a member of weight 1")
            Integer weight,
            @Valid Capacity capacity) {
    }

    /**
     * @param openLeads   most open leads the member may hold
     * @param leadsPerDay most leads the member may receive per day
     */
    public record Capacity(
            @Min(value = 1, message = "must be 1 or more open leads; to stop a member receiving leads, remove them from the pool or mark them out of office")
            Integer openLeads,
            @Min(value = 1, message = "must be 1 or more leads per day; to stop a member receiving leads, remove them from the pool or mark them out of office")
            Integer leadsPerDay) {
    }

    /**
     * A person who can own leads, listed in the workspace (owners read from a CRM are not listed: {@code owners: {from: CONNECTION}}).
     *
     * @param id          the id rules name (for a CRM user, the CRM's user or owner id)
     * @param name        display name, for decisions and reports
     * @param email       the user's email: what the canonical {@code ownerEmail} field carries
     * @param crmId       optional: the user's id in the CRM the leads are written to (a HubSpot owner id, a Salesforce User
     *                    id), what the canonical {@code ownerId} carries and a mapping writes to hubspot_owner_id or OwnerId;
     *                    for owners read from a CRM ({@code owners: {from: CONNECTION}}) it is their id
     * @param active      false for someone who left or is deactivated (default true); rules may not name them
     * @param outOfOffice optional: absences; the owner receives no leads on these days
     */
    public record Owner(
            @NotBlank(message = "is required: the id rules use for this owner, e.g. the CRM user id or a short handle") String id,
            String name,
            @NotBlank(message = "is required: the owner's email, which is written to the lead's ownerEmail") String email,
            String crmId,
            Boolean active,
            List<@Valid Absence> outOfOffice) {

        public boolean isActive() {
            return active == null || active;
        }
    }

    /**
     * Days away, both inclusive, as ISO dates (2026-08-03).
     *
     * @param from first day away
     * @param to   last day away (default: the same as from)
     */
    public record Absence(@NotBlank(message = "is required: the first day away, e.g. 2026-08-03") String from, String to) {
    }

    /** {@code assign/owners.yaml}: the owners every rule set without its own {@code owners:} list names. */
    public record OwnersFile(@JsonIgnoreId String id,
                             @NotEmpty(message = "needs at least one owner: - {id: sam, name: Sam Lee, email: sam@example.com}")
                             List<@Valid Owner> owners) {
    }
}

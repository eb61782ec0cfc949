package io.middlemile.connector.instantly;

import io.middlemile.connector.instantly.InstantlyRecords.AddCounts;
import io.middlemile.connector.instantly.InstantlyRecords.CreatedLead;
import io.middlemile.connector.instantly.InstantlyRecords.Lead;
import io.middlemile.connector.instantly.InstantlyRecords.LeadResult;
import io.middlemile.connector.instantly.InstantlyRecords.Outcome;
import io.middlemile.connector.instantly.InstantlyRecords.Target;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Each lead's outcome of a bulk add, from Instantly's answer.
 *
 * <p>What Instantly says (POST /api/v2/leads/add, its OpenAPI): {@code created_leads[]} lists every lead it created
 * with its {@code index} in the request, so UPLOADED is known per lead. Every other reason is only a count:
 * {@code invalid_email_count} (missing or malformed email), {@code incomplete_count} (lists: no email and no name),
 * {@code duplicate_email_count} (the same email earlier in the same request), {@code in_blocklist},
 * {@code skipped_count} (the skip_if_in_... flags) and {@code duplicated_leads} (already in this campaign or list).
 *
 * <p>What is inferred here, in this order, for a lead not in {@code created_leads}:
 * <ol>
 *   <li>DUPLICATE when its email (compared without case) appeared at a lower index of the same request and
 *       duplicate_email_count allows it: we assume Instantly keeps the first occurrence, as a de-duplication of a list
 *       usually does; the docs do not say which one it keeps.</li>
 *   <li>INVALID when its email is missing (for a campaign) or not shaped like an address, or (for a list) it has no
 *       email and no name, while the invalid and incomplete counts allow it. Our check is simpler than Instantly's, so
 *       an address we accept may still be among the invalid ones; step 3 catches those.</li>
 *   <li>The leads still unexplained share the counts left over. When exactly one outcome has a count left, they all get
 *       it (for example, only in_blocklist is non-zero: they are BLOCKLISTED). Otherwise they are NOT_ADDED with the
 *       candidate reasons and their counts, because nothing in the answer tells a blocklisted lead from a skipped
 *       one.</li>
 * </ol>
 */
final class LeadOutcomes {

    /** Deliberately loose: something@something.tld, no spaces. Instantly's validator is the authority. */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private LeadOutcomes() {
    }

    static List<LeadResult> of(List<Lead> sent, Target target, AddCounts counts, List<CreatedLead> created) {
        Map<Integer, CreatedLead> byIndex = new HashMap<>();
        created.forEach(c -> byIndex.put(c.index(), c));
        int duplicatesLeft = counts.duplicateEmailCount();
        int invalidLeft = counts.invalidEmailCount() + counts.incompleteCount();
        Set<String> seen = new HashSet<>();
        LeadResult[] results = new LeadResult[sent.size()];
        List<Integer> unexplained = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            Lead lead = sent.get(i);
            String key = lead.email() == null ? null : lead.email().trim().toLowerCase(Locale.ROOT);
            boolean repeated = key != null && !key.isEmpty() && !seen.add(key);
            CreatedLead made = byIndex.get(i);
            if (made != null) {
                results[i] = new LeadResult(i, lead.email(), Outcome.UPLOADED, made.id(), "created in " + target.describe());
            } else if (repeated && duplicatesLeft > 0) {
                duplicatesLeft--;
                results[i] = new LeadResult(i, lead.email(), Outcome.DUPLICATE, null,
                        "the same email is earlier in this call; Instantly added it once");
            } else if (invalid(lead, target) && invalidLeft > 0) {
                invalidLeft--;
                results[i] = new LeadResult(i, lead.email(), Outcome.INVALID, null, target.campaignId() != null
                        ? "missing or malformed email (a campaign needs one)" : "malformed email, or neither email nor name");
            } else {
                unexplained.add(i);
            }
        }
        Map<Outcome, Integer> left = new EnumMap<>(Outcome.class);
        left.merge(Outcome.BLOCKLISTED, counts.inBlocklist(), Integer::sum);
        left.merge(Outcome.SKIPPED, counts.skippedCount(), Integer::sum);
        left.merge(Outcome.DUPLICATE, counts.duplicatedLeads() + duplicatesLeft, Integer::sum);
        left.merge(Outcome.INVALID, invalidLeft, Integer::sum);
        left.values().removeIf(n -> n <= 0);
        for (int i : unexplained) {
            Lead lead = sent.get(i);
            if (left.size() == 1) {
                Outcome only = left.keySet().iterator().next();
                results[i] = new LeadResult(i, lead.email(), only, null, reason(only, target));
            } else {
                results[i] = new LeadResult(i, lead.email(), Outcome.NOT_ADDED, null, left.isEmpty()
                        ? "Instantly did not create it and its answer counts no reason; look the lead up in Instantly"
                        : "Instantly did not create it; its answer counts, without saying which lead: " + describe(left));
            }
        }
        return List.of(results);
    }

    private static boolean invalid(Lead lead, Target target) {
        String email = lead.email() == null ? "" : lead.email().trim();
        if (email.isEmpty()) {
            return target.campaignId() != null || (blank(lead.firstName()) && blank(lead.lastName()));
        }
        return !EMAIL.matcher(email).matches();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String reason(Outcome outcome, Target target) {
        return switch (outcome) {
            case BLOCKLISTED -> "its email is on the blocklist checked";
            case SKIPPED -> "already in the workspace (a skip_if_in_... flag)";
            case DUPLICATE -> "already in " + target.describe();
            case INVALID -> "Instantly counted it as an invalid email";
            default -> outcome.name();
        };
    }

    private static String describe(Map<Outcome, Integer> left) {
        List<String> parts = new ArrayList<>();
        left.forEach((outcome, n) -> parts.add(n + " " + switch (outcome) {
            case BLOCKLISTED -> "blocklisted";
            case SKIPPED -> "skipped by the skip_if_in_... flags";
            case DUPLICATE -> "already in the campaign or list";
            case INVALID -> "invalid";
            default -> outcome.name();
        }));
        return String.join(", ", parts);
    }
}

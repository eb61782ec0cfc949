package io.middlemile.quality;

import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A record owned by someone who is no longer an active user: nobody works it. The active owners come from
 * the CRM's users (HubSpot owners, Salesforce User.IsActive) as the caller read them.
 */
public record InactiveOwner(String name, Severity severity, String object, Set<String> activeOwners) implements HygieneRule {

    public InactiveOwner {
        activeOwners = Set.copyOf(activeOwners);
    }

    @Override
    public void check(Inspected record, Instant now, Consumer<Finding> findings) {
        if (record.owner() != null && !activeOwners.contains(record.owner())) {
            findings.accept(finding(record, null, record.owner(), null, "owned by " + record.owner()
                    + ", who is not an active user; reassign it"));
        }
    }
}

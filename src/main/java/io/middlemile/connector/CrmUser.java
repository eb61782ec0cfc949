package io.middlemile.connector;

import java.util.List;
import java.util.Objects;

/**
 * Who can own records in a CRM: a HubSpot owner, a Salesforce {@code User}, or a Salesforce queue (a Group of Type Queue,
 * which owns records of the objects it supports, leads and cases, never contacts or accounts).
 *
 * @param id      the id records carry in their owner field (HubSpot's owner id, not its user id; Salesforce's User or
 *                Group Id)
 * @param name    display name, or null when the CRM has none
 * @param email   the user's (or queue's) email, or null
 * @param active  false for an archived HubSpot owner or a Salesforce user with {@code IsActive = false}; a queue is active
 * @param queueOf null for a person; for a queue, the objects whose records it may own (its QueueSobject rows: Lead, ...)
 */
public record CrmUser(String id, String name, String email, boolean active, List<String> queueOf) {

    public CrmUser {
        Objects.requireNonNull(id, "id");
        queueOf = queueOf == null ? null : List.copyOf(queueOf);
    }

    /** A person. */
    public CrmUser(String id, String name, String email, boolean active) {
        this(id, name, email, active, null);
    }

    /** Whether this is a queue rather than a person. */
    public boolean queue() {
        return queueOf != null;
    }
}

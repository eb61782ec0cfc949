package io.middlemile.connector;

import java.util.Objects;

/**
 * A person of the CRM who can own records: a HubSpot owner or a Salesforce {@code User}.
 *
 * @param id     the id records carry in their owner field (HubSpot's owner id, not its user id; Salesforce's User Id)
 * @param name   display name, or null when the CRM has none
 * @param email  the user's email, or null
 * @param active false for an archived HubSpot owner or a Salesforce user with {@code IsActive = false}
 */
public record CrmUser(String id, String name, String email, boolean active) {

    public CrmUser {
        Objects.requireNonNull(id, "id");
    }
}

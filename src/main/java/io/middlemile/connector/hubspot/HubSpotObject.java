package io.middlemile.connector.hubspot;

import java.time.Instant;
import java.util.Map;

/**
 * A CRM record as HubSpot returns it (the {@code SimplePublicObject} shape of the CRM v3 objects API):
 * property values are strings or null, whatever the property type.
 *
 * @param id         the record id ({@code hs_object_id})
 * @param properties property name to value, as returned
 * @param createdAt  creation time
 * @param updatedAt  last update time
 * @param archived   true when the record is in the recycle bin
 * @param archivedAt when it was archived, or null
 * @param isNew      for upsert results: true when the record was created; null elsewhere
 */
public record HubSpotObject(String id, Map<String, String> properties, Instant createdAt, Instant updatedAt,
                            boolean archived, Instant archivedAt, Boolean isNew) {

    public String property(String name) {
        return properties == null ? null : properties.get(name);
    }
}

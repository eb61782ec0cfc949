package io.middlemile.connector.hubspot;

import java.util.Map;

/**
 * One input of a batch update or upsert.
 *
 * @param id         record id, or the value of {@code idProperty}
 * @param idProperty a unique property identifying the record (e.g. email); null to address by record id
 * @param properties property values to write (strings, as the API expects)
 */
public record HubSpotBatchInput(String id, String idProperty, Map<String, String> properties) {
}

package io.middlemile.connector.hubspot;

import java.time.Instant;

/**
 * One event of a HubSpot webhook delivery (deliveries are JSON arrays of these).
 *
 * @param eventId          HubSpot's event id; with {@code attemptNumber} it identifies a retry of the same event
 * @param subscriptionType e.g. contact.creation, contact.propertyChange, contact.deletion, contact.merge
 * @param objectType       the part before the dot (contact, company, deal, object)
 * @param action           the part after the dot (creation, propertyChange, deletion, merge, ...)
 * @param objectId         the record the event is about
 * @param propertyName     for propertyChange: the property; else null
 * @param propertyValue    for propertyChange: the new value; else null
 * @param occurredAt       when the change happened
 * @param portalId         the HubSpot account
 * @param attemptNumber    0 for the first delivery, higher for HubSpot's retries
 * @param changeSource     e.g. CRM_UI, INTEGRATION, IMPORT
 */
public record HubSpotWebhookEvent(long eventId, String subscriptionType, String objectType, String action, String objectId,
                                  String propertyName, String propertyValue, Instant occurredAt, long portalId,
                                  int attemptNumber, String changeSource) {
}

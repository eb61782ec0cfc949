package io.middlemile.connector.hubspot;

/**
 * A property definition from the properties API.
 *
 * @param name           internal name used in API calls
 * @param label          the label admins see in HubSpot
 * @param type           data type: string, number, date, datetime, enumeration, bool
 * @param fieldType      form field type: text, select, ...
 * @param hubspotDefined true for HubSpot's own properties, false for custom ones
 * @param hasUniqueValue true when the property can identify a record (usable as {@code idProperty})
 * @param readOnlyValue  true when API writes to it are rejected
 */
public record HubSpotProperty(String name, String label, String type, String fieldType, boolean hubspotDefined,
                              boolean hasUniqueValue, boolean readOnlyValue) {
}

package io.middlemile.connector.hubspot;

import java.util.List;

/**
 * The body of a CRM search request (POST /crm/v3/objects/{object}/search). Filters inside a group
 * are ANDed, groups are ORed; HubSpot applies at most one sort rule.
 */
public record HubSpotSearch(List<List<Filter>> filterGroups, Sort sort, List<String> properties, int limit, String after) {

    /** One filter: {@code values} is used for IN/NOT_IN, {@code value} for the rest. */
    public record Filter(String propertyName, String operator, String value, List<String> values) {
        public static Filter of(String property, String operator, String value) {
            return new Filter(property, operator, value, null);
        }

        public static Filter in(String property, List<String> values) {
            return new Filter(property, "IN", null, List.copyOf(values));
        }
    }

    public record Sort(String propertyName, String direction) {
        public static Sort ascending(String property) {
            return new Sort(property, "ASCENDING");
        }
    }
}

package io.middlemile.connector.hubspot;

import java.util.Map;

/**
 * HubSpot's default (unlabeled, HUBSPOT_DEFINED) association type ids, which a record created with inline
 * associations must name. From the v4 associations guide, "HubSpot defined association types"
 * (https://developers.hubspot.com/docs/api/crm/associations): contact→company 279, company→contact 280,
 * deal→contact 3, contact→deal 4, deal→company 341, company→deal 342; and its activity table: note→contact 202,
 * contact→note 201, note→company 190, company→note 189, note→deal 214, deal→note 213.
 * Associations between other objects (custom objects) are set after the write through the v4 default-association
 * endpoint instead, which needs no type id.
 */
final class HubSpotAssociationTypes {

    private static final Map<String, Integer> DEFAULT = Map.ofEntries(
            Map.entry("contacts>companies", 279), Map.entry("companies>contacts", 280),
            Map.entry("deals>contacts", 3), Map.entry("contacts>deals", 4),
            Map.entry("deals>companies", 341), Map.entry("companies>deals", 342),
            Map.entry("notes>contacts", 202), Map.entry("contacts>notes", 201),
            Map.entry("notes>companies", 190), Map.entry("companies>notes", 189),
            Map.entry("notes>deals", 214), Map.entry("deals>notes", 213));

    private HubSpotAssociationTypes() {
    }

    /** The default type id from one object to another, or null when this table does not hold it. */
    static Integer defaultTypeId(String fromObject, String toObject) {
        return DEFAULT.get(fromObject + ">" + toObject);
    }
}

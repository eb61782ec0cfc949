package io.middlemile.sandbox.hubspot;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code associations} of a create input (POST /crm/v3/objects/{object} and its batch/create):
 * {@code [{to:{id}, types:[{associationCategory:"HUBSPOT_DEFINED", associationTypeId}]}]}, as in
 * https://developers.hubspot.com/docs/api-reference/crm-notes-v3/guide ("Associations"). The type id alone says
 * which object type {@code to.id} belongs to (202: a contact, for a note).
 *
 * <p>Checked before anything is created, so a create with a bad association creates nothing:
 * <ul>
 *   <li>a type id the emulator does not know, of another category, or starting from another object type:
 *       400 {@code "<id> is not a valid association type between NOTE and CONTACT"} (subCategory
 *       {@code crm.associations.INVALID_ASSOCIATION_TYPE}, context {@code type, fromObjectType, toObjectType}),
 *       the shape HubSpot answers for an unknown type;</li>
 *   <li>a target that is no live record: 400 "One or more associations are invalid" naming it
 *       ({@link AssociationsApi#invalidObjects}).</li>
 * </ul>
 * Only HUBSPOT_DEFINED types are emulated (no custom labels).
 */
final class CreateAssociations {

    /** One association a create asks for. */
    record Target(String toType, long toId) {
    }

    private final AssociationStore associations;

    CreateAssociations(AssociationStore associations) {
        this.associations = associations;
    }

    /** The associations of one create input, checked; empty when the input has none. */
    List<Target> parse(CrmStore.ObjectType type, JsonNode input) {
        JsonNode list = input.path("associations");
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw ApiError.validation("Invalid input JSON: associations must be an array of {to:{id}, types:[{associationCategory, "
                    + "associationTypeId}]}.");
        }
        List<Target> targets = new ArrayList<>();
        List<String[]> missing = new ArrayList<>();
        for (JsonNode association : list) {
            String toText = association.path("to").path("id").asText(null);
            JsonNode types = association.path("types");
            if (toText == null || !types.isArray() || types.isEmpty()) {
                throw ApiError.validation("Invalid input JSON: Some required fields were not set: [to, types].");
            }
            for (JsonNode t : types) {
                String toType = toType(type.name, t);
                long toId = parseId(toText);
                if (toId < 0 || !associations.exists(toType, toId)) {
                    missing.add(new String[]{toType, toText});
                } else {
                    targets.add(new Target(toType, toId));
                }
            }
        }
        if (!missing.isEmpty()) {
            throw AssociationsApi.invalidObjects(missing);
        }
        return targets;
    }

    /** Associates a just-created record with its checked targets. */
    void apply(String fromType, long id, List<Target> targets) {
        targets.forEach(target -> associations.associate(fromType, id, target.toType(), target.toId()));
    }

    private static String toType(String fromType, JsonNode type) {
        String category = type.path("associationCategory").asText("");
        String typeIdText = type.path("associationTypeId").asText("");
        int typeId;
        try {
            typeId = Integer.parseInt(typeIdText.trim());
        } catch (NumberFormatException e) {
            throw ApiError.validation("Invalid input JSON: associationTypeId must be an integer, was \"" + typeIdText + "\".");
        }
        String[] pair = AssociationStore.pairOf(typeId);
        if (!"HUBSPOT_DEFINED".equals(category) || pair == null || !pair[0].equals(fromType)) {
            Map<String, List<String>> context = new LinkedHashMap<>();
            context.put("type", List.of(typeIdText));
            context.put("fromObjectType", List.of(CrmStore.singular(fromType)));
            String to = pair == null ? null : CrmStore.singular(pair[1]);
            if (to != null) {
                context.put("toObjectType", List.of(to));
            }
            throw new ApiError(400, "VALIDATION_ERROR", "crm.associations.INVALID_ASSOCIATION_TYPE", typeIdText
                    + " is not a valid association type" + (to == null ? " for " + CrmStore.singular(fromType)
                    : " between " + CrmStore.singular(fromType) + " and " + to)
                    + ("HUBSPOT_DEFINED".equals(category) ? "" : " in category " + category), context);
        }
        return pair[1];
    }

    private static long parseId(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

package io.middlemile.workspace;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * Reads {@code owners: {from: CONNECTION}} of an {@code assign/} file: the owners are a CRM connection's users rather
 * than a list. Whether the connection exists and can list its users is {@link AssignChecks}' business.
 */
final class OwnersFrom {

    private OwnersFrom() {
    }

    /**
     * The connection {@code owners:} names, "" when it is a mapping that names none properly (reported here), or null
     * when {@code owners:} is absent or a list.
     */
    static String read(WorkspaceLoader.FileContext file) {
        JsonNode owners = file.root().path("owners");
        if (!owners.isObject()) {
            return null;
        }
        String connection = "";
        for (Map.Entry<String, JsonNode> field : owners.properties()) {
            if (!field.getKey().equals("from")) {
                file.error("/owners/" + LocatedYaml.escape(field.getKey()), "unknown field; owners: is either a list of owners"
                        + " (- {id: sam, name: Sam Lee, email: sam@example.com}) or {from: CONNECTION}, a CRM connection whose users"
                        + " are the owners");
            } else if (!field.getValue().isTextual() || field.getValue().asText().isBlank()) {
                file.error("/owners/from", "expected the name of a HubSpot or Salesforce connection of connectors/, found "
                        + WorkspaceLoader.describe(field.getValue()));
            } else {
                connection = field.getValue().asText().strip();
            }
        }
        if (!owners.has("from")) {
            file.error("/owners", "needs from: CONNECTION (a HubSpot or Salesforce connection of connectors/), or write the owners"
                    + " as a list: - {id: sam, name: Sam Lee, email: sam@example.com}");
        }
        return connection;
    }

    /** True when {@code owners:} is the file's only key, as {@code assign/owners.yaml} must have; reports the others. */
    static boolean onlyKey(WorkspaceLoader.FileContext file) {
        boolean only = true;
        for (Map.Entry<String, JsonNode> field : file.root().properties()) {
            if (!field.getKey().equals("owners")) {
                file.error("/" + LocatedYaml.escape(field.getKey()), "unknown field; assign/owners.yaml holds only owners:");
                only = false;
            }
        }
        return only;
    }
}

package io.middlemile.workspace;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what the hub needs to know from a Camel YAML DSL file without interpreting Camel itself:
 * the explicit route ids and the hub endpoints each route uses. Camel parses the full DSL when the
 * routes start; this scan gives file:line messages for the hub's own references before that.
 */
final class RouteScanner {

    private static final Set<String> ENDPOINT_KEYS = Set.of("to", "toD", "wireTap", "enrich", "pollEnrich");

    private RouteScanner() {
    }

    static void scan(WorkspaceLoader.FileContext context, List<RouteInfo> routes) {
        JsonNode root = context.root();
        if (!root.isArray()) {
            context.error("", "a route file must be a YAML list of Camel elements (\"- route: ...\"), found "
                    + WorkspaceLoader.describe(root));
            return;
        }
        for (int i = 0; i < root.size(); i++) {
            JsonNode element = root.get(i);
            String pointer = "/" + i;
            if (element.has("from")) {
                context.error(pointer + "/from", "a route needs an explicit id: write \"- route: {id: my-job, from: ...}\"");
                continue;
            }
            JsonNode route = element.get("route");
            if (route == null) {
                continue;
            }
            String routePointer = pointer + "/route";
            JsonNode id = route.get("id");
            if (id == null || !id.isTextual() || id.asText().isBlank()) {
                context.error(routePointer, "a route needs an explicit id (the job name used by `middlemile job run NAME`)");
                continue;
            }
            if (!id.asText().matches("[a-z0-9][a-z0-9-]*")) {
                context.error(routePointer + "/id", "\"" + id.asText()
                        + "\" is not a valid job name; use lowercase letters, digits and dashes, e.g. import-contacts");
            }
            List<HubEndpoint> endpoints = new ArrayList<>();
            JsonNode from = route.get("from");
            if (from == null) {
                context.error(routePointer, "route " + id.asText() + " has no \"from\"; say where the job starts, e.g. from: {uri: hub-read:CONNECTION/OBJECT}");
            } else {
                collect(context, from, routePointer + "/from", endpoints);
            }
            String description = route.hasNonNull("description") ? route.get("description").asText() : null;
            JsonNode autoStartup = route.get("autoStartup");
            boolean starts = autoStartup == null || !"false".equalsIgnoreCase(autoStartup.asText());
            routes.add(new RouteInfo(id.asText(), context.file, context.document.lineOf(routePointer), description, endpoints, starts));
        }
    }

    private static void collect(WorkspaceLoader.FileContext context, JsonNode node, String pointer, List<HubEndpoint> endpoints) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(context, node.get(i), pointer + "/" + i, endpoints);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        JsonNode uri = node.get("uri");
        if (uri != null && uri.isTextual()) {
            add(context, uri.asText(), parameters(node.get("parameters")), pointer + "/uri", endpoints);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String child = pointer + "/" + LocatedYaml.escape(field.getKey());
            if (ENDPOINT_KEYS.contains(field.getKey()) && field.getValue().isTextual()) {
                add(context, field.getValue().asText(), Map.of(), child, endpoints);
            } else if (!field.getKey().equals("uri")) {
                collect(context, field.getValue(), child, endpoints);
            }
        }
    }

    private static void add(WorkspaceLoader.FileContext context, String uri, Map<String, String> parameters, String pointer,
                            List<HubEndpoint> endpoints) {
        HubEndpoint.parse(uri, parameters, context.document.lineOf(pointer), WorkspaceLoader.dotted(pointer))
                .ifPresent(endpoints::add);
    }

    private static Map<String, String> parameters(JsonNode node) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(entry -> parameters.put(entry.getKey(), entry.getValue().asText()));
        }
        return parameters;
    }
}

package io.middlemile.workspace;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded, validated workspace: the folders as values. Ids are file names.
 *
 * @param root       the workspace directory
 * @param connectors connection id to its configuration
 * @param mappings   mapping id to its configuration
 * @param routes     the routes (jobs) in file order
 * @param dedupe     dedupe rule id to its configuration
 * @param assign     assignment rule set id to its configuration ({@code assign/NAME.yaml})
 * @param owners     the shared owners of {@code assign/owners.yaml}; empty when there is no such file
 * @param hygiene    hygiene file id to its configuration ({@code hygiene/NAME.yaml})
 * @param enrich     waterfall id to its configuration ({@code enrich/NAME.yaml})
 * @param ownersFrom the connection {@code assign/owners.yaml} takes the shared owners from ({@code owners: {from: ...}}),
 *                   or null when it lists them (or there is no such file)
 * @param outreach   outreach file id to its configuration ({@code outreach/NAME.yaml}): channels, accounts, suppression
 */
public record Workspace(Path root, Map<String, ConnectorConfig> connectors, Map<String, MappingConfig> mappings,
                        List<RouteInfo> routes, Map<String, DedupeConfig> dedupe, Map<String, AssignConfig> assign,
                        List<AssignConfig.Owner> owners, Map<String, HygieneConfig> hygiene, Map<String, EnrichConfig> enrich,
                        String ownersFrom, Map<String, OutreachConfig> outreach) {

    public Workspace {
        enrich = enrich == null ? Map.of() : enrich;
        assign = assign == null ? Map.of() : assign;
        hygiene = hygiene == null ? Map.of() : hygiene;
        outreach = outreach == null ? Map.of() : outreach;
        // an unreadable entry ("- ~") is reported by the loader; it must not stop the rest loading
        owners = owners == null ? List.of() : owners.stream().filter(java.util.Objects::nonNull).toList();
    }

    /** A workspace without assignment rules. */
    public Workspace(Path root, Map<String, ConnectorConfig> connectors, Map<String, MappingConfig> mappings,
                     List<RouteInfo> routes, Map<String, DedupeConfig> dedupe) {
        this(root, connectors, mappings, routes, dedupe, Map.of(), List.of(), Map.of(), Map.of(), null, Map.of());
    }

    public Optional<RouteInfo> route(String id) {
        return routes.stream().filter(route -> route.id().equals(id)).findFirst();
    }

    /**
     * The owners rule set {@code id} may name: its own {@code owners:} list when it has one, else the shared
     * {@code assign/owners.yaml}.
     */
    public List<AssignConfig.Owner> ownersOf(String id) {
        AssignConfig rules = assign.get(id);
        return rules != null && rules.owners() != null ? rules.owners() : owners;
    }

    /**
     * The CRM connection whose users are rule set {@code id}'s owners: its own {@code owners: {from: ...}}, else that of
     * {@code assign/owners.yaml} when the rule set lists no owners of its own; null when its owners are listed.
     */
    public String ownersFrom(String id) {
        AssignConfig rules = assign.get(id);
        if (rules != null && rules.ownersFrom() != null) {
            return rules.ownersFrom();
        }
        return rules != null && rules.owners() != null ? null : ownersFrom;
    }

    /** Where the engine keeps local state (embedded database, rejects) for this workspace. */
    public Path stateDir() {
        return stateDir(root);
    }

    /** The state folder of the workspace at {@code root}, known before the workspace is loaded (the store starts ahead). */
    public static Path stateDir(Path root) {
        return root.resolve(".middlemile");
    }
}

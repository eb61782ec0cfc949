package io.middlemile.workspace;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded, validated workspace: the four folders as values. Ids are file names.
 *
 * @param root       the workspace directory
 * @param connectors connection id to its configuration
 * @param mappings   mapping id to its configuration
 * @param routes     the routes (jobs) in file order
 * @param dedupe     dedupe rule id to its configuration
 */
public record Workspace(Path root, Map<String, ConnectorConfig> connectors, Map<String, MappingConfig> mappings,
                        List<RouteInfo> routes, Map<String, DedupeConfig> dedupe) {

    public Optional<RouteInfo> route(String id) {
        return routes.stream().filter(route -> route.id().equals(id)).findFirst();
    }

    /** Where the engine keeps local state (embedded database, rejects) for this workspace. */
    public Path stateDir() {
        return root.resolve(".middlemile");
    }
}

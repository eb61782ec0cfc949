package io.middlemile.workspace;

import java.util.List;

/**
 * What the loader knows of a Camel route in {@code routes/}: enough to cross-check it and list it.
 *
 * @param id          the explicit route id (the job name)
 * @param file        workspace-relative file
 * @param line        line of the route
 * @param description the route's description, if any
 * @param endpoints   hub endpoint URIs the route uses, in order ({@code hub-read:...}, ...)
 * @param autoStartup false for a route that runs only on demand ({@code middlemile job run NAME}), never on
 *                    its schedule under {@code middlemile run}; its connections' secrets are needed only then
 */
public record RouteInfo(String id, String file, int line, String description, List<HubEndpoint> endpoints, boolean autoStartup) {

    /** Connection ids the route reads from or writes to. */
    public List<String> connections() {
        return endpoints.stream().map(HubEndpoint::connection).filter(c -> c != null).distinct().toList();
    }

    public String source() {
        return endpoints.stream().filter(e -> e.kind() == HubEndpoint.Kind.READ).map(HubEndpoint::connection)
                .findFirst().orElse(null);
    }
}

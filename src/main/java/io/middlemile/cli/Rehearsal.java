package io.middlemile.cli;

import io.middlemile.sandbox.enrichment.EnrichmentWorld;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.EnrichConfig;
import io.middlemile.workspace.HubEndpoint;
import io.middlemile.workspace.RouteInfo;
import io.middlemile.workspace.SecretRefs;
import io.middlemile.workspace.Workspace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * {@code middlemile job run NAME --sandbox}: the enrichment connections the job uses answered by emulators this
 * process starts, seeded with the bundled enrichment world, with made-up credentials, so a job can be rehearsed
 * on a laptop with no keys and no credit spent. The connector files are not changed: the engine gets the
 * emulators' base URLs and credentials as {@code middlemile.sandbox.*} properties ({@link #properties()}).
 */
final class Rehearsal implements AutoCloseable {

    /** Emulators answer in a second: poll that often rather than the vendor's advised minute. */
    private static final int POLL_SECONDS = 1;
    private static final Duration ASYNC_DELAY = Duration.ofSeconds(POLL_SECONDS);

    private final Map<String, EnrichmentEmulators.Started> started = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();

    private Rehearsal() {
    }

    /** A rehearsal with nothing emulated. */
    static Rehearsal none() {
        return new Rehearsal();
    }

    /**
     * Starts an emulator for every API connection the job uses (its reads, writes and the providers of its
     * waterfalls); files stay files.
     *
     * @throws IllegalArgumentException when the job uses an API connection that has no emulator here
     */
    static Rehearsal start(Workspace workspace, RouteInfo route) {
        return start(workspace, route, connection -> false);
    }

    /**
     * Like {@link #start(Workspace, RouteInfo)}, leaving out the connections {@code emulatedElsewhere} accepts (`demo`
     * emulates the CRM and the outreach channels itself, {@link OutreachEmulators}).
     */
    static Rehearsal start(Workspace workspace, RouteInfo route, java.util.function.Predicate<String> emulatedElsewhere) {
        List<String> unsupported = new ArrayList<>();
        Rehearsal rehearsal = new Rehearsal();
        try {
            for (String connection : connections(workspace, route)) {
                ConnectorConfig config = workspace.connectors().get(connection);
                if (config == null || config.csv() != null || "csv".equals(config.type()) || emulatedElsewhere.test(connection)) {
                    continue;
                }
                EnrichmentEmulators.Starter emulator = EnrichmentEmulators.BY_TYPE.get(config.type());
                if (emulator == null) {
                    unsupported.add(connection + " (" + config.type() + ")");
                    continue;
                }
                String key = "sandbox-key-" + connection;
                rehearsal.started.put(connection, emulator.start(key, EnrichmentWorld.bundled(), 0, ASYNC_DELAY));
                rehearsal.credentials(config, key);
            }
        } catch (RuntimeException e) {
            rehearsal.close();
            throw e;
        }
        if (!unsupported.isEmpty()) {
            rehearsal.close();
            throw new IllegalArgumentException("--sandbox emulates " + new TreeSet<>(EnrichmentEmulators.BY_TYPE.keySet()) + " connections; job " + route.id()
                    + " also uses " + unsupported + ". Rehearse those with `middlemile sandbox TYPE` and a connector file whose baseUrl"
                    + " points at it.");
        }
        return rehearsal;
    }

    /** The connections a job's route touches: its hub endpoints and the providers its waterfalls ask. */
    static List<String> connections(Workspace workspace, RouteInfo route) {
        TreeSet<String> connections = new TreeSet<>(route.connections());
        for (HubEndpoint endpoint : route.endpoints()) {
            EnrichConfig waterfall = endpoint.kind() == HubEndpoint.Kind.ENRICH ? workspace.enrich().get(endpoint.mapping()) : null;
            if (waterfall != null) {
                waterfall.groups().stream().filter(Objects::nonNull).flatMap(g -> g.providers().stream())
                        .map(EnrichConfig.Step::connection).forEach(connections::add);
            }
        }
        return List.copyOf(connections);
    }

    /** Every secret variable of the connection gets a made-up value; the one the API checks gets the emulator's key. */
    private void credentials(ConnectorConfig config, String key) {
        credentials(config, key, environment);
    }

    /** The made-up credentials of an emulated connection, into {@code environment}. */
    static void credentials(ConnectorConfig config, String key, Map<String, String> environment) {
        if (config.auth() == null) {
            return;
        }
        String checked = "bearer-token".equals(config.auth().type()) ? "token" : "apiKey";
        config.auth().secretFields().forEach((field, value) -> SecretRefs.variable(value).ifPresent(variable ->
                environment.put(variable, field.equals(checked) ? key : "sandbox-" + field + "-" + config.id())));
    }

    /** The engine properties that point the connections at the emulators. */
    Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        started.forEach((connection, emulated) -> {
            properties.put("middlemile.sandbox.base-url." + connection, emulated.baseUrl());
            properties.put("middlemile.sandbox.poll-seconds." + connection, POLL_SECONDS);
        });
        environment.forEach((variable, value) -> properties.put("middlemile.sandbox.env." + variable, value));
        return properties;
    }

    /** The process environment with the emulators' credentials, for validating the job before the engine starts. */
    Map<String, String> environment(Map<String, String> process) {
        Map<String, String> merged = new LinkedHashMap<>(process);
        merged.putAll(environment);
        return merged;
    }

    /** One line per emulator, for the operator. */
    List<String> describe() {
        List<String> lines = new ArrayList<>();
        started.forEach((connection, emulated) -> lines.add(connection + " -> " + emulated.baseUrl()));
        return lines;
    }

    @Override
    public void close() {
        started.values().forEach(emulated -> emulated.stop().run());
        started.clear();
    }
}

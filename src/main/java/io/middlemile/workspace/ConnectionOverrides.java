package io.middlemile.workspace;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a rehearsal changes in the connector files it runs against (see {@code middlemile job run --sandbox}): the
 * base URL of each emulated connection, and how soon an asynchronous provider is polled (an emulator answers in a
 * second, the real vendor in a minute). Empty outside rehearsals.
 */
public record ConnectionOverrides(Map<String, String> baseUrls, Map<String, Integer> pollSeconds) {

    public ConnectionOverrides {
        baseUrls = Map.copyOf(baseUrls);
        pollSeconds = Map.copyOf(pollSeconds);
    }

    public boolean isEmpty() {
        return baseUrls.isEmpty() && pollSeconds.isEmpty();
    }

    /** The workspace with the overridden connector files. */
    public Workspace apply(Workspace workspace) {
        if (isEmpty()) {
            return workspace;
        }
        Map<String, ConnectorConfig> connectors = new LinkedHashMap<>();
        workspace.connectors().forEach((id, config) -> connectors.put(id, apply(config)));
        return new Workspace(workspace.root(), java.util.Collections.unmodifiableMap(connectors), workspace.mappings(), workspace.routes(),
                workspace.dedupe(), workspace.assign(), workspace.owners(), workspace.hygiene(), workspace.enrich(),
                workspace.ownersFrom(), workspace.outreach());
    }

    private ConnectorConfig apply(ConnectorConfig config) {
        String baseUrl = baseUrls.getOrDefault(config.id(), config.baseUrl());
        EnrichmentSettings enrichment = config.enrichment();
        Integer poll = pollSeconds.get(config.id());
        if (poll != null) {
            EnrichmentSettings current = config.enrichmentSettings();
            enrichment = new EnrichmentSettings(current.requestsPerMinute(), current.timeoutSeconds(), poll, current.webhookUrl(),
                    current.batchFrom());
        }
        return new ConnectorConfig(config.id(), config.type(), config.description(), config.csv(), baseUrl, config.auth(),
                config.objects(), config.policy(), config.bulk(), config.limits(), enrichment, config.webhooks());
    }
}

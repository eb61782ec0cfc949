package io.middlemile.connector.hubspot;

import io.middlemile.connector.Budgets;
import io.middlemile.connector.CallObserver;
import io.middlemile.connector.Connector;
import io.middlemile.connector.Provider;
import io.middlemile.connector.WebhookReceiver;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ConnectorSection;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code type: hubspot}: a HubSpot account through the CRM v3 API ({@link HubSpotConnector}). Owns the
 * {@code limits:} section (tier and search rate) and per-object {@code associations:}. Its webhooks
 * ({@code POST /webhooks/hubspot/{connection}}) are verified and read by {@link HubSpotWebhookReceiver}.
 */
public final class HubSpotProvider implements Provider {

    public static final String TYPE = "hubspot";
    private static final WebhookReceiver RECEIVER = new HubSpotWebhookReceiver();

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<ConnectorSection> sections() {
        return Set.of(ConnectorSection.LIMITS, ConnectorSection.ASSOCIATIONS);
    }

    @Override
    public Optional<WebhookReceiver> webhooks() {
        return Optional.of(RECEIVER);
    }

    /** Its owners (HubSpot's owners API; Salesforce's {@code User}) can own leads: {@code UserDirectory}. */
    @Override
    public boolean hasUsers() {
        return true;
    }

    @Override
    public Connector open(ConnectorConfig config, Path workspaceRoot, Map<String, String> environment) {
        return open(config, workspaceRoot, environment, Budgets.LOCAL);
    }

    @Override
    public Connector open(ConnectorConfig config, Path workspaceRoot, Map<String, String> environment, Budgets budgets) {
        return open(config, workspaceRoot, environment, budgets, CallObserver.NONE);
    }

    @Override
    public Connector open(ConnectorConfig config, Path workspaceRoot, Map<String, String> environment, Budgets budgets,
                          CallObserver calls) {
        return new HubSpotConnector(config.id(), config, environment, HubSpotSettings.from(config), budgets, calls);
    }
}

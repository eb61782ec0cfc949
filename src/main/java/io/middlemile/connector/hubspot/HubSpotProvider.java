package io.middlemile.connector.hubspot;

import io.middlemile.connector.Budgets;
import io.middlemile.connector.CallObserver;
import io.middlemile.connector.Connector;
import io.middlemile.connector.Provider;
import io.middlemile.connector.WebhookReceiver;
import io.middlemile.workspace.AuthConfig;
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

    /**
     * With a private app token ({@code bearer-token}) {@code auth.clientSecret} is the app's client secret, which only
     * verifies webhook deliveries ({@link HubSpotWebhookReceiver}); with {@code oauth2-refresh-token} every call needs it to
     * refresh the access token, so it stays required there.
     */
    @Override
    public Set<String> webhookOnlySecrets(AuthConfig auth) {
        return auth != null && "bearer-token".equals(auth.type()) ? Set.of("clientSecret") : Set.of();
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

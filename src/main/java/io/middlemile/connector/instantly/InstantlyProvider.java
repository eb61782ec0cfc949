package io.middlemile.connector.instantly;

import com.fasterxml.jackson.databind.JsonNode;
import io.middlemile.connector.Budgets;
import io.middlemile.connector.CallObserver;
import io.middlemile.connector.Connector;
import io.middlemile.connector.Provider;
import io.middlemile.connector.WebhookReceiver;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ConnectorSection;
import io.middlemile.workspace.SecretRefs;
import io.middlemile.workspace.WebhookSettings;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code type: instantly}: Instantly's API v2 for cold email ({@link InstantlyClient}: bulk lead add, interest status,
 * campaigns). Owns the {@code webhooks:} section: Instantly does not sign its deliveries, so a secret header set on the
 * webhook subscription authenticates those arriving at {@code POST /webhooks/instantly/{connection}}
 * ({@link InstantlyWebhookReceiver}).
 */
public final class InstantlyProvider implements Provider {

    public static final String TYPE = "instantly";

    private static final WebhookReceiver RECEIVER = new InstantlyWebhookReceiver();

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<ConnectorSection> sections() {
        return Set.of(ConnectorSection.WEBHOOKS);
    }

    @Override
    public Optional<WebhookReceiver> webhooks() {
        return Optional.of(RECEIVER);
    }

    @Override
    public void validate(ConnectorConfig connector, JsonNode file, FileErrors errors) {
        if (connector.auth() != null && connector.auth().type() != null && !"bearer-token".equals(connector.auth().type())) {
            errors.error("/auth/type", "Instantly API v2 authenticates with a bearer token: use auth: {type: bearer-token, token:"
                    + " ${INSTANTLY_API_KEY}} (an API v2 key from Instantly: Settings > Integrations > API Keys)");
        }
        String baseUrl = connector.baseUrl();
        if (baseUrl != null && !Provider.httpsOrLocal(baseUrl)) {
            errors.error("/baseUrl", "must be an https URL (Instantly: https://api.instantly.ai/api/v2); http is accepted only for"
                    + " a local emulator (http://localhost:PORT/api/v2), because the API key travels with every call");
        }
        WebhookSettings webhooks = connector.webhooks();
        if (webhooks != null && webhooks.secret() != null && SecretRefs.variable(webhooks.secret()).isEmpty()) {
            errors.error("/webhooks/secret", "holds a literal value " + SecretRefs.redact(webhooks.secret()) + "; the webhook"
                    + " secret may only be an environment reference: write ${INSTANTLY_WEBHOOK_SECRET}, set that variable where"
                    + " the engine runs and enter the same value as the header " + webhooks.secretHeader() + " of the Instantly"
                    + " webhook (then rotate the exposed value)");
        }
        if (webhooks == null && file != null && file.has("webhooks") && file.get("webhooks").isNull()) {
            errors.error("/webhooks", "is empty: give the header that authenticates Instantly's deliveries, e.g. webhooks:"
                    + " {secretHeader: X-Middlemile-Secret, secret: ${INSTANTLY_WEBHOOK_SECRET}}, or remove the section");
        }
    }

    @Override
    public Connector open(ConnectorConfig config, Path workspaceRoot, Map<String, String> environment) {
        return new InstantlyConnector(config, environment, InstantlySettings.from(config));
    }

    @Override
    public Connector open(ConnectorConfig config, Path workspaceRoot, Map<String, String> environment, Budgets budgets,
                          CallObserver calls) {
        return new InstantlyConnector(config, environment, InstantlySettings.from(config), budgets, calls);
    }
}

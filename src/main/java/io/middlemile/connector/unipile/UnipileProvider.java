package io.middlemile.connector.unipile;

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

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code type: unipile}: LinkedIn through Unipile's API v1 ({@link UnipileClient}: profile look-up, invitation, messages,
 * relations, accounts), an {@link io.middlemile.connector.Outreach} for the outreach step ({@link UnipileConnector}).
 * Owns the {@code webhooks:} section: Unipile does not sign its deliveries, so a header set on the webhook
 * ({@code headers: [{key, value}]}) authenticates those arriving at {@code POST /webhooks/unipile/{connection}}
 * ({@link UnipileWebhookReceiver}).
 */
public final class UnipileProvider implements Provider {

    public static final String TYPE = "unipile";

    private static final WebhookReceiver RECEIVER = new UnipileWebhookReceiver();

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

    // nothing may reach LinkedIn outside the governed send path (suppression, caps, journal) of the outreach step
    @Override
    public Optional<String> notInRoutes() {
        return Optional.of("LinkedIn invitations and messages go through the governed outreach step (suppression, the"
                + " account's caps, policy, journal), never a route's writes; the webhook ingress reads accepted invitations"
                + " and replies");
    }

    @Override
    public void validate(ConnectorConfig connector, JsonNode file, FileErrors errors) {
        if (connector.auth() != null && connector.auth().type() != null && !"api-key".equals(connector.auth().type())) {
            errors.error("/auth/type", "Unipile authenticates with an access token in the X-API-KEY header: use auth: {type:"
                    + " api-key, apiKey: ${UNIPILE_API_KEY}} (a token from the Unipile dashboard > Access tokens)");
        }
        String baseUrl = connector.baseUrl();
        if (baseUrl != null) {
            if (!Provider.httpsOrLocal(baseUrl)) {
                errors.error("/baseUrl", "must be an https URL: https://{DSN}/api/v1 with the DSN shown in the Unipile dashboard"
                        + " (e.g. https://api8.unipile.com:13851/api/v1); http is accepted only for a local emulator"
                        + " (http://localhost:PORT/api/v1), because the access token travels with every call");
            } else if (!pathOf(baseUrl).replaceAll("/+$", "").endsWith("/api/v1")) {
                errors.error("/baseUrl", "must end with /api/v1: https://{DSN}/api/v1 (the DSN from the Unipile dashboard);"
                        + " this connector speaks Unipile's API v1");
            }
        }
        WebhookSettings webhooks = connector.webhooks();
        if (webhooks != null && webhooks.secret() != null && SecretRefs.variable(webhooks.secret()).isEmpty()) {
            errors.error("/webhooks/secret", "holds a literal value " + SecretRefs.redact(webhooks.secret()) + "; the webhook"
                    + " secret may only be an environment reference: write ${UNIPILE_WEBHOOK_SECRET}, set that variable where"
                    + " the engine runs and enter the same value as the header " + webhooks.secretHeader() + " of the Unipile"
                    + " webhooks (then rotate the exposed value)");
        }
        if (webhooks == null && file != null && file.has("webhooks") && file.get("webhooks").isNull()) {
            errors.error("/webhooks", "is empty: give the header that authenticates Unipile's deliveries, e.g. webhooks:"
                    + " {secretHeader: X-Middlemile-Secret, secret: ${UNIPILE_WEBHOOK_SECRET}}, or remove the section");
        }
    }

    private static String pathOf(String url) {
        try {
            String path = URI.create(url).getPath();
            return path == null ? "" : path;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    @Override
    public Connector open(ConnectorConfig config, Path workspaceRoot, Map<String, String> environment) {
        return new UnipileConnector(config, environment, UnipileSettings.from(config));
    }

    /**
     * No request budget to count: the limits that matter are LinkedIn's per sending account, planned from the outreach
     * ledger in the state store ({@code io.middlemile.outreach.AccountPacer}), which every node of a cluster shares
     * already; a 429 that still comes is the send's DEFERRED outcome ({@link UnipileClient}).
     */
    @Override
    public Connector open(ConnectorConfig config, Path workspaceRoot, Map<String, String> environment, Budgets budgets,
                          CallObserver calls) {
        return new UnipileConnector(config, environment, UnipileSettings.from(config), Clock.systemUTC(), calls);
    }
}

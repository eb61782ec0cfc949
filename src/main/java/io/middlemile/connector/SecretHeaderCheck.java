package io.middlemile.connector;

import io.middlemile.connector.WebhookReceiver.Refused;
import io.middlemile.connector.WebhookReceiver.Request;
import io.middlemile.connector.WebhookReceiver.Unavailable;
import io.middlemile.connector.WebhookReceiver.Verdict;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.SecretRefs;
import io.middlemile.workspace.WebhookSettings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * How a delivery from a provider that signs nothing (Instantly, Unipile) is authenticated: the operator sets a header on
 * the provider's webhook and names it, with its secret as an environment reference, in the connection's
 * {@code webhooks:} section ({@link WebhookSettings}). Without the section the connection takes no deliveries
 * ({@link Refused}); with it but the variable unset, {@link Unavailable} (503, the provider delivers again); a delivery
 * without the header or with another value is {@link Refused} (401), compared in constant time. No reason holds the
 * secret or a header's value.
 */
public final class SecretHeaderCheck {

    private SecretHeaderCheck() {
    }

    /**
     * Empty when the delivery carries the connection's secret; else the verdict to answer.
     *
     * @param vendor   the provider as operators know it ("Unipile"), for the reasons
     * @param variable the variable an operator would name, for the hint ("UNIPILE_WEBHOOK_SECRET")
     */
    public static Optional<Verdict> refusal(ConnectorConfig connection, Request request, Map<String, String> environment,
                                            String vendor, String variable) {
        WebhookSettings settings = connection.webhooks();
        if (settings == null || settings.secretHeader() == null) {
            return Optional.of(new Refused("connectors/" + connection.id() + ".yaml has no webhooks: section, so it accepts no"
                    + " deliveries (add webhooks: {secretHeader: X-Middlemile-Secret, secret: ${" + variable + "}})"));
        }
        String secret = SecretRefs.resolve(settings.secret(), environment).orElse(null);
        if (secret == null) {
            return Optional.of(new Unavailable("the environment variable " + SecretRefs.variable(settings.secret())
                    .orElse("named in webhooks.secret") + " (the webhook secret of connection " + connection.id() + ") is not set"));
        }
        String presented = request.header(settings.secretHeader());
        if (presented == null) {
            return Optional.of(new Refused("no " + settings.secretHeader() + " header (the secret header set on the " + vendor
                    + " webhook)"));
        }
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(new Refused("the " + settings.secretHeader() + " header does not match the connection's webhook"
                    + " secret"));
        }
        return Optional.empty();
    }
}

package io.middlemile.workspace;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * The optional {@code webhooks:} section of a connector file whose provider does not sign its webhook deliveries
 * (Instantly): the operator configures a custom header on the provider's webhook subscription, and the engine accepts
 * only deliveries that carry it with the configured secret. Without the section the connection receives no webhooks.
 *
 * @param secretHeader the header's name, as entered in the subscription's {@code headers}, e.g. X-Middlemile-Secret
 * @param secret       the header's value, an environment reference only ({@code ${INSTANTLY_WEBHOOK_SECRET}}): a literal
 *                     secret in a workspace file is a validation error
 */
public record WebhookSettings(
        @NotBlank(message = "is required: the name of the header that carries the webhook secret, e.g. X-Middlemile-Secret")
        @Pattern(regexp = "[A-Za-z0-9-]+", message = "must be an HTTP header name (letters, digits and dashes), e.g. X-Middlemile-Secret")
        String secretHeader,
        @NotBlank(message = "is required: the header's value as an environment reference, e.g. ${INSTANTLY_WEBHOOK_SECRET}")
        String secret) {

    /** Never prints the secret reference's value (it is only a reference, but keep the habit). */
    @Override
    public String toString() {
        return "WebhookSettings[" + secretHeader + "]";
    }
}

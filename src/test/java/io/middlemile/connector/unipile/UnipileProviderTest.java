package io.middlemile.connector.unipile;

import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import io.middlemile.workspace.WebhookSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a Unipile connector file must say: an api-key from the environment, the DSN's /api/v1, a secret by reference. */
class UnipileProviderTest {

    private static List<String> errors(String baseUrl, String authType, WebhookSettings webhooks) {
        ConnectorConfig config = new ConnectorConfig("linkedin", "unipile", null, null, baseUrl,
                new AuthConfig(authType, null, "${UNIPILE_API_KEY}", null, null, null, null, null, null),
                Map.of("people", new ObjectConfig("public_identifier", null, List.of("public_identifier"))), null, null, null,
                null, webhooks);
        List<String> errors = new ArrayList<>();
        new UnipileProvider().validate(config, null, (pointer, message) -> errors.add(pointer + ": " + message));
        return errors;
    }

    @Test
    void theDocumentedShapeValidatesAndAnEmulatorOnThisMachineToo() {
        WebhookSettings secret = new WebhookSettings("X-Middlemile-Secret", "${UNIPILE_WEBHOOK_SECRET}");

        assertThat(errors("https://api8.unipile.com:13851/api/v1", "api-key", secret)).isEmpty();
        assertThat(errors("http://localhost:8089/api/v1", "api-key", null)).isEmpty();
    }

    @Test
    void eachMistakeSaysWhatToWrite() {
        assertThat(errors("https://api8.unipile.com:13851/api/v1", "bearer-token", null))
                .singleElement().asString().startsWith("/auth/type").contains("apiKey: ${UNIPILE_API_KEY}");
        assertThat(errors("http://api8.unipile.com:13851/api/v1", "api-key", null))
                .singleElement().asString().startsWith("/baseUrl").contains("https://{DSN}/api/v1");
        assertThat(errors("https://api8.unipile.com:13851", "api-key", null))
                .singleElement().asString().startsWith("/baseUrl").contains("must end with /api/v1");
        assertThat(errors("https://api8.unipile.com:13851/api/v1", "api-key", new WebhookSettings("X-Middlemile-Secret", "hunter2-literal")))
                .singleElement().asString().startsWith("/webhooks/secret").contains("${UNIPILE_WEBHOOK_SECRET}")
                .doesNotContain("hunter2-literal");
    }
}

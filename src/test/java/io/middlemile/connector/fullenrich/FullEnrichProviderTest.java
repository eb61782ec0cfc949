package io.middlemile.connector.fullenrich;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ConnectorSection;
import io.middlemile.workspace.ObjectConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What type: fullenrich accepts in a connector file, and how it opens. */
class FullEnrichProviderTest {

    private final FullEnrichProvider provider = new FullEnrichProvider();

    @Test
    void ownsTheEnrichmentSectionAndReceivesWebhooks() {
        assertThat(provider.type()).isEqualTo("fullenrich");
        assertThat(provider.sections()).containsExactly(ConnectorSection.ENRICHMENT);
        assertThat(provider.webhooks()).containsInstanceOf(FullEnrichWebhookReceiver.class);
        assertThat(provider.runnable()).isTrue();
    }

    @Test
    void valuesFullEnrichCannotReturnAndUnknownObjectsAreReportedWithTheirPointer() {
        ConnectorConfig config = new ConnectorConfig("fe", "fullenrich", null, null, FullEnrichSettings.DEFAULT_BASE_URL,
                new AuthConfig("bearer-token", "${FULLENRICH_API_KEY}", null, null, null, null, null, null, null),
                Map.of("people", new ObjectConfig(null, null, List.of("email", "title")),
                        "companies", new ObjectConfig(null, null, List.of("industry")),
                        "leads", new ObjectConfig(null, null, List.of("email"))), null);
        List<String> errors = new ArrayList<>();

        provider.validate(config, JsonNodeFactory.instance.objectNode(), (pointer, message) -> errors.add(pointer + ": " + message));

        assertThat(errors).containsExactlyInAnyOrder(
                "/objects/people/fields/1: FullEnrich cannot return title for people; it returns email, mobilePhone",
                "/objects/companies/fields/0: FullEnrich returns no company values (it enriches people only); remove industry,"
                        + " or the companies object",
                "/objects/leads: a fullenrich connection has the objects people (and companies, which FullEnrich does not"
                        + " enrich); rename or remove leads");
    }

    @Test
    void batchFromIsCrustdatasAndNamedWhereItIs() {
        ConnectorConfig config = new ConnectorConfig("fe", "fullenrich", null, null, FullEnrichSettings.DEFAULT_BASE_URL,
                new AuthConfig("bearer-token", "${FULLENRICH_API_KEY}", null, null, null, null, null, null, null),
                Map.of("people", new ObjectConfig(null, null, List.of("email"))), null, null, null,
                new io.middlemile.workspace.EnrichmentSettings(null, null, null, null, 500));
        List<String> errors = new ArrayList<>();

        provider.validate(config, JsonNodeFactory.instance.objectNode(), (pointer, message) -> errors.add(pointer + ": " + message));

        assertThat(errors).singleElement().asString().startsWith("/enrichment/batchFrom: FullEnrich has no batch jobs")
                .contains("it is for Crustdata connections");
    }

    @Test
    void theBundledExampleIsValid() {
        ConnectorConfig config = FullEnrichFixtures.config(FullEnrichSettings.DEFAULT_BASE_URL, List.of("email", "mobilePhone"), null);
        List<String> errors = new ArrayList<>();

        provider.validate(config, JsonNodeFactory.instance.objectNode(), (pointer, message) -> errors.add(message));

        assertThat(errors).isEmpty();
    }

    @Test
    void openingWithoutTheKeyInTheEnvironmentSaysWhatToSet() {
        ConnectorConfig config = FullEnrichFixtures.config(FullEnrichSettings.DEFAULT_BASE_URL, List.of("email"), null);

        assertThatThrownBy(() -> provider.open(config, Path.of("."), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FULLENRICH_API_KEY");
        assertThat(provider.open(config, Path.of("."), Map.of("FULLENRICH_API_KEY", "k")).toString()).doesNotContain("=k");
    }

    @Test
    void settingsNeverPrintTheKey() {
        assertThat(FullEnrichSettings.defaults("https://x", "secret-key-123").toString()).doesNotContain("secret-key-123");
    }
}

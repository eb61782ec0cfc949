package io.middlemile.connector.fullenrich;

import com.fasterxml.jackson.databind.JsonNode;
import io.middlemile.connector.Budgets;
import io.middlemile.connector.CallObserver;
import io.middlemile.connector.Connector;
import io.middlemile.connector.ObservedHttp;
import io.middlemile.connector.Provider;
import io.middlemile.connector.QuotaHeaders;
import io.middlemile.connector.VendorHttp;
import io.middlemile.connector.WebhookReceiver;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ConnectorSection;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code type: fullenrich}: a FullEnrich workspace through API v2 ({@link FullEnrichConnector}), an asynchronous
 * enrichment provider of people's work emails and mobile phones. Owns the {@code enrichment:} section; its webhook
 * deliveries ({@code POST /webhooks/fullenrich/{connection}}) are checked and read by {@link FullEnrichWebhookReceiver}.
 */
public final class FullEnrichProvider implements Provider {

    public static final String TYPE = "fullenrich";
    private static final WebhookReceiver RECEIVER = new FullEnrichWebhookReceiver();
    /** Object name to the values FullEnrich can return for it; FullEnrich enriches contacts only. */
    private static final Map<String, Set<String>> RETURNABLE = Map.of(
            "people", FullEnrichConnector.ENRICH_FIELDS.keySet(),
            "companies", Set.of());

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<ConnectorSection> sections() {
        return Set.of(ConnectorSection.ENRICHMENT);
    }

    @Override
    public Optional<WebhookReceiver> webhooks() {
        return Optional.of(RECEIVER);
    }

    @Override
    public void validate(ConnectorConfig connector, JsonNode file, FileErrors errors) {
        if (connector.enrichmentSettings().batchFrom() != null) {
            errors.error("/enrichment/batchFrom", "FullEnrich has no batch jobs to switch to: every bulk request of up to 100"
                    + " contacts is already answered later. Remove batchFrom (it is for Crustdata connections).");
        }
        if (connector.objects() == null) {
            return;
        }
        connector.objects().forEach((name, object) -> {
            Set<String> returnable = RETURNABLE.get(name);
            if (returnable == null) {
                errors.error("/objects/" + name, "a fullenrich connection has the objects people (and companies, which"
                        + " FullEnrich does not enrich); rename or remove " + name);
                return;
            }
            List<String> fields = object == null || object.fields() == null ? List.of() : object.fields();
            for (int i = 0; i < fields.size(); i++) {
                if (!returnable.contains(fields.get(i))) {
                    errors.error("/objects/" + name + "/fields/" + i, returnable.isEmpty()
                            ? "FullEnrich returns no company values (it enriches people only); remove " + fields.get(i)
                              + ", or the companies object"
                            : "FullEnrich cannot return " + fields.get(i) + " for people; it returns "
                              + String.join(", ", new TreeSet<>(returnable)));
                }
            }
        });
    }

    @Override
    public Connector open(ConnectorConfig config, Path workspaceRoot, Map<String, String> environment) {
        FullEnrichSettings settings = FullEnrichSettings.from(config, environment);
        HttpClient http = VendorHttp.client();
        return new FullEnrichConnector(config, settings, http);
    }

    @Override
    public Connector open(ConnectorConfig config, Path workspaceRoot, Map<String, String> environment, Budgets budgets,
                          CallObserver calls) {
        FullEnrichSettings settings = FullEnrichSettings.from(config, environment);
        // FullEnrich sends no rate-limit headers: calls and guards only
        HttpClient http = ObservedHttp.of(VendorHttp.client(), config.id(), calls,
                QuotaHeaders.NONE);
        return new FullEnrichConnector(config, settings, http, budgets, calls);
    }
}

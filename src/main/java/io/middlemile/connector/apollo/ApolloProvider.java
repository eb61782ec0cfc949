package io.middlemile.connector.apollo;

import com.fasterxml.jackson.databind.JsonNode;
import io.middlemile.connector.Budgets;
import io.middlemile.connector.CallObserver;
import io.middlemile.connector.Connector;
import io.middlemile.connector.Provider;
import io.middlemile.connector.WebhookReceiver;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ConnectorSection;
import io.middlemile.workspace.ObjectConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code type: apollo}: Apollo.io's enrichment API ({@link ApolloConnector}): people by bulk match, companies by bulk
 * organization enrich. Owns the {@code enrichment:} section. Revealed mobile phones arrive at
 * {@code POST /webhooks/apollo/{connection}}, checked by {@link ApolloWebhookReceiver}.
 */
public final class ApolloProvider implements Provider {

    public static final String TYPE = "apollo";
    static final String PEOPLE = "people";
    static final String COMPANIES = "companies";
    static final List<String> PERSON_VALUES = List.of("email", "mobilePhone", "title", "seniority");
    static final List<String> COMPANY_VALUES = List.of("employeeCount", "industry", "annualRevenue", "country");

    private static final WebhookReceiver RECEIVER = new ApolloWebhookReceiver();

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
            errors.error("/enrichment/batchFrom", "Apollo has no batch jobs: people/bulk_match takes 10 records a call."
                    + " Remove batchFrom (it is for Crustdata connections).");
        }
        if (connector.auth() != null && connector.auth().type() != null && !"api-key".equals(connector.auth().type())) {
            errors.error("/auth/type", "Apollo connections authenticate with an API key: use auth: {type: api-key, apiKey:"
                    + " ${APOLLO_API_KEY}}");
        }
        if (connector.objects() != null) {
            connector.objects().forEach((name, object) -> validateObject(name, object, connector, errors));
        }
        String webhookUrl = connector.enrichmentSettings().webhookUrl();
        if (webhookUrl != null) {
            if (!Provider.httpsOrLocal(webhookUrl)) {
                errors.error("/enrichment/webhookUrl", "Apollo delivers phone numbers only to a public https URL; use https://"
                        + " (http is accepted only for localhost rehearsals)");
            }
            if (connector.auth() == null || connector.auth().token() == null) {
                errors.error("/auth/token", "is required with enrichment.webhookUrl: Apollo does not sign its deliveries, so the"
                        + " connector adds a secret to the URL it gives Apollo; add token: ${APOLLO_WEBHOOK_SECRET} and set that"
                        + " variable to a long random value");
            }
        }
    }

    private static void validateObject(String name, ObjectConfig object, ConnectorConfig connector, FileErrors errors) {
        List<String> allowed = PEOPLE.equals(name) ? PERSON_VALUES : COMPANIES.equals(name) ? COMPANY_VALUES : null;
        if (allowed == null) {
            errors.error("/objects/" + name, "Apollo connections have the objects people and companies only; rename or remove "
                    + name);
            return;
        }
        if (object == null || object.fields() == null) {
            return;
        }
        for (int i = 0; i < object.fields().size(); i++) {
            String field = object.fields().get(i);
            if (!allowed.contains(field)) {
                errors.error("/objects/" + name + "/fields/" + i, "Apollo cannot return " + field + " for " + name + "; it can"
                        + " return " + String.join(", ", allowed));
            } else if ("mobilePhone".equals(field) && connector.enrichmentSettings().webhookUrl() == null) {
                errors.error("/objects/" + name + "/fields/" + i, "Apollo reveals mobile phones only to a webhook: set"
                        + " enrichment.webhookUrl (this engine's https://<host>/webhooks/apollo/" + connector.id()
                        + ") or remove mobilePhone");
            }
        }
    }

    @Override
    public Connector open(ConnectorConfig config, Path workspaceRoot, Map<String, String> environment) {
        return new ApolloConnector(config.id(), config, environment, ApolloSettings.from(config));
    }

    @Override
    public Connector open(ConnectorConfig config, Path workspaceRoot, Map<String, String> environment, Budgets budgets,
                          CallObserver calls) {
        return new ApolloConnector(config.id(), config, environment, ApolloSettings.from(config), null, budgets, calls);
    }
}

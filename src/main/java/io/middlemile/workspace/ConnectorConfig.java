package io.middlemile.workspace;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import java.util.Map;

/**
 * A file of {@code connectors/}: one connection to one provider account or file. The connection id
 * is the file name without {@code .yaml}.
 *
 * <p>One shape for every type, so each section binds with line-numbered errors whatever the type. Which
 * type accepts a provider-owned section ({@code csv}, {@code limits}, {@code bulk}, object
 * {@code associations}) and which needs {@code auth}/{@code baseUrl} is declared by the providers
 * ({@link ProviderRules}), not here; see {@link ConnectorSection}.
 *
 * @param type        connector type: {@code csv}, {@code hubspot}, {@code salesforce}, ...
 * @param description what this connection is, for people reading the workspace
 * @param csv         settings of a {@code csv} connection
 * @param baseUrl     API base URL of an HTTP connection (points at the sandbox in rehearsals)
 * @param auth        credentials, as environment references only
 * @param objects     the objects of this connection that mappings may use, by provider name
 * @param policy      what automations may write here (default: everything, automatically)
 * @param bulk        Salesforce only: from which sizes reads and writes use Bulk API 2.0 (default: 10,000 and 2,000)
 * @param limits      a hubspot connection's API budget (tier, search rate); absent: the defaults
 * @param enrichment  an enrichment provider's budget and result delivery (requests per minute, webhook URL); absent: the vendor's defaults
 * @param webhooks    the secret header that authenticates an unsigning provider's webhook deliveries (Instantly); absent: no webhooks
 */
public record ConnectorConfig(
        @JsonIgnoreId String id,
        @NotBlank(message = "is required: the connector type, e.g. csv or hubspot") String type,
        String description,
        @Valid CsvSettings csv,
        String baseUrl,
        @Valid AuthConfig auth,
        @NotEmpty(message = "needs at least one object, e.g. contacts: {id: ..., fields: [...]}")
        Map<String, @Valid ObjectConfig> objects,
        @Valid PolicyConfig policy,
        @Valid SalesforceBulk bulk,
        @Valid HubSpotLimits limits,
        @Valid EnrichmentSettings enrichment,
        @Valid WebhookSettings webhooks) {

    /** A connection without a {@code webhooks:} section. */
    public ConnectorConfig(String id, String type, String description, CsvSettings csv, String baseUrl, AuthConfig auth,
                           Map<String, ObjectConfig> objects, PolicyConfig policy, SalesforceBulk bulk, HubSpotLimits limits,
                           EnrichmentSettings enrichment) {
        this(id, type, description, csv, baseUrl, auth, objects, policy, bulk, limits, enrichment, null);
    }

    /** A connection without {@code bulk:} or {@code limits:} sections (tests and code that build configs by hand). */
    public ConnectorConfig(String id, String type, String description, CsvSettings csv, String baseUrl, AuthConfig auth,
                           Map<String, ObjectConfig> objects, PolicyConfig policy) {
        this(id, type, description, csv, baseUrl, auth, objects, policy, null, null, null);
    }

    /** A connection without an {@code enrichment:} section. */
    public ConnectorConfig(String id, String type, String description, CsvSettings csv, String baseUrl, AuthConfig auth,
                           Map<String, ObjectConfig> objects, PolicyConfig policy, SalesforceBulk bulk, HubSpotLimits limits) {
        this(id, type, description, csv, baseUrl, auth, objects, policy, bulk, limits, null);
    }

    public ConnectorConfig withId(String newId) {
        return new ConnectorConfig(newId, type, description, csv, baseUrl, auth, objects, policy, bulk, limits, enrichment, webhooks);
    }

    /** The Bulk API 2.0 thresholds, defaults when the file has no {@code bulk:} section. */
    public SalesforceBulk bulkThresholds() {
        return bulk == null ? SalesforceBulk.defaults() : bulk;
    }

    /** The enrichment settings, empty ones (the vendor's defaults) when the file has no {@code enrichment:} section. */
    public EnrichmentSettings enrichmentSettings() {
        return enrichment == null ? new EnrichmentSettings(null, null, null, null, null) : enrichment;
    }

    /** The write policy, never null. */
    public PolicyConfig writePolicy() {
        return policy == null ? PolicyConfig.allowAll() : policy;
    }

    public ObjectConfig object(String name) {
        return objects == null ? null : objects.get(name);
    }
}

package io.middlemile.connector;

import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ConnectorSection;
import io.middlemile.workspace.ProviderRules;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One connector type, declared once: its {@code type:} id, what its connector files may and must hold,
 * its own validation, how to open a connection, and, for a provider that pushes changes, how its webhook
 * deliveries are verified and read ({@link #webhooks()}). Registered by one line in {@link Providers}; see
 * {@code package-info.java} for the checklist of adding one.
 *
 * <p>Connector files keep one YAML shape ({@link ConnectorConfig}) so every section binds with
 * line-numbered errors; the provider-owned sections and their owners are:
 * <ul>
 *   <li>{@code csv:} ({@link io.middlemile.workspace.CsvSettings}): the {@code csv} provider, which requires it;</li>
 *   <li>{@code limits:} ({@link io.middlemile.workspace.HubSpotLimits}): {@code hubspot};</li>
 *   <li>{@code bulk:} ({@link io.middlemile.workspace.SalesforceBulk}): {@code salesforce};</li>
 *   <li>{@code associations:} under an object: {@code hubspot}.</li>
 * </ul>
 * A provider lists the ones it accepts in {@link #sections()}; the validator refuses the others.
 */
public interface Provider extends ProviderRules {

    /**
     * A connector for one connection. May throw {@link IllegalArgumentException} when the file cannot make a
     * working connection (the validator should have said so first); must not call the provider yet, so
     * opening is cheap and never fails on the network.
     *
     * @param config        the connector file, its id set
     * @param workspaceRoot where relative paths of the file (a CSV file) are resolved
     * @param environment   where {@code ${VAR}} secret references are resolved
     */
    Connector open(ConnectorConfig config, Path workspaceRoot, Map<String, String> environment);

    /**
     * As {@link #open(ConnectorConfig, Path, Map)}, counting the connection's request budgets where {@code budgets}
     * says: in this process ({@link Budgets#LOCAL}) or, in a cluster, in PostgreSQL for every node. A provider whose
     * limits stay per process (the default) ignores it.
     */
    default Connector open(ConnectorConfig config, Path workspaceRoot, Map<String, String> environment, Budgets budgets) {
        return open(config, workspaceRoot, environment);
    }

    /**
     * As {@link #open(ConnectorConfig, Path, Map, Budgets)}, telling {@code calls} of every HTTP exchange, the quota
     * the provider reports and the Resilience4j guards (the engine's metrics). A provider that makes no HTTP calls
     * (the default) ignores it.
     */
    default Connector open(ConnectorConfig config, Path workspaceRoot, Map<String, String> environment, Budgets budgets,
                           CallObserver calls) {
        return open(config, workspaceRoot, environment, budgets);
    }

    /**
     * How this provider's webhook deliveries are checked and read, for a provider that pushes changes; the
     * engine then serves {@code POST /webhooks/<type>/<connection>} for its connections. Empty (the default):
     * that URL refuses every delivery, like one to a connection that does not exist.
     */
    default Optional<WebhookReceiver> webhooks() {
        return Optional.empty();
    }

    @Override
    default boolean runnable() {
        return true;
    }

    @Override
    default Set<ConnectorSection> sections() {
        return Set.of();
    }

    /** Most providers are HTTP APIs with credentials; a file provider says no. */
    @Override
    default boolean needsAuth() {
        return true;
    }

    @Override
    default boolean needsBaseUrl() {
        return true;
    }

    /**
     * A type connector files may already declare (it validates like an API connection) whose client is not
     * part of this version: routes cannot use it, and opening it fails with that message.
     */
    static Provider announced(String type) {
        return new Announced(type);
    }

    /** See {@link Provider#announced}. */
    record Announced(String type) implements Provider {

        @Override
        public boolean runnable() {
            return false;
        }

        @Override
        public Connector open(ConnectorConfig config, Path workspaceRoot, Map<String, String> environment) {
            throw new IllegalStateException(Providers.notShipped(config.id(), type));
        }
    }

    /** An https URL, or plain http to this machine (a rehearsal against an emulator): what a provider may be called at. */
    static boolean httpsOrLocal(String url) {
        if (url.startsWith("https://")) {
            return true;
        }
        try {
            String host = java.net.URI.create(url).getHost();
            return url.startsWith("http://") && ("localhost".equals(host) || "127.0.0.1".equals(host));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

package io.middlemile.connector.salesforce;

import io.middlemile.connector.Budgets;
import io.middlemile.connector.CallObserver;
import io.middlemile.connector.Connector;
import io.middlemile.connector.Provider;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ConnectorSection;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * {@code type: salesforce}: a Salesforce org through REST, sObject Collections, SOAP merge and Bulk API 2.0
 * ({@link SalesforceConnector}). Owns the {@code bulk:} section (from which sizes Bulk API 2.0 is used).
 */
public final class SalesforceProvider implements Provider {

    public static final String TYPE = "salesforce";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<ConnectorSection> sections() {
        return Set.of(ConnectorSection.BULK);
    }

    /** Its owners (HubSpot's owners API; Salesforce's {@code User}) can own leads: {@code UserDirectory}. */
    @Override
    public boolean hasUsers() {
        return true;
    }

    @Override
    public Connector open(ConnectorConfig config, Path workspaceRoot, Map<String, String> environment) {
        return open(config, workspaceRoot, environment, Budgets.LOCAL);
    }

    @Override
    public Connector open(ConnectorConfig config, Path workspaceRoot, Map<String, String> environment, Budgets budgets) {
        return open(config, workspaceRoot, environment, budgets, CallObserver.NONE);
    }

    @Override
    public Connector open(ConnectorConfig config, Path workspaceRoot, Map<String, String> environment, Budgets budgets,
                          CallObserver calls) {
        return new SalesforceConnector(config.id(), config, environment, SalesforceSettings.defaults(config.baseUrl()), budgets, calls);
    }
}

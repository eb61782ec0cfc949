package io.middlemile.connector;

import io.middlemile.connector.csv.CsvConnector;
import io.middlemile.connector.hubspot.HubSpotConnector;
import io.middlemile.connector.salesforce.SalesforceConnector;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.Workspace;

import java.util.Map;

/**
 * Makes connector instances from the workspace's connector files. Each job run opens its own
 * instances and closes them when it ends.
 */
public final class ConnectorFactory {

    private final Workspace workspace;
    private final Map<String, String> environment;

    public ConnectorFactory(Workspace workspace) {
        this(workspace, System.getenv());
    }

    /** @param environment where ${VAR} secret references of connector files are resolved */
    public ConnectorFactory(Workspace workspace, Map<String, String> environment) {
        this.workspace = workspace;
        this.environment = Map.copyOf(environment);
    }

    public Connector open(String connection) {
        ConnectorConfig config = workspace.connectors().get(connection);
        if (config == null) {
            throw new IllegalArgumentException("Unknown connection \"" + connection + "\"; connections are "
                    + workspace.connectors().keySet());
        }
        return switch (config.type()) {
            case "csv" -> new CsvConnector(config.id(), config.csv(), config.objects(), workspace.root());
            case "hubspot" -> new HubSpotConnector(config.id(), config, environment);
            case "salesforce" -> new SalesforceConnector(config.id(), config, environment);
            default -> throw new IllegalStateException("Connection " + connection + " is of type " + config.type()
                    + ", whose client is not part of this version yet");
        };
    }
}

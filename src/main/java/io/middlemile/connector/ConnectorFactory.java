package io.middlemile.connector;

import io.middlemile.connector.csv.CsvConnector;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.Workspace;

/**
 * Makes connector instances from the workspace's connector files. Each job run opens its own
 * instances and closes them when it ends.
 */
public final class ConnectorFactory {

    private final Workspace workspace;

    public ConnectorFactory(Workspace workspace) {
        this.workspace = workspace;
    }

    public Connector open(String connection) {
        ConnectorConfig config = workspace.connectors().get(connection);
        if (config == null) {
            throw new IllegalArgumentException("Unknown connection \"" + connection + "\"; connections are "
                    + workspace.connectors().keySet());
        }
        return switch (config.type()) {
            case "csv" -> new CsvConnector(config.id(), config.csv(), config.objects(), workspace.root());
            default -> throw new IllegalStateException("Connection " + connection + " is of type " + config.type()
                    + ", whose client is not part of this version yet");
        };
    }
}

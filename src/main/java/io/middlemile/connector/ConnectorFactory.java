package io.middlemile.connector;

import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.Workspace;

import java.util.Map;

/**
 * Makes connector instances from the workspace's connector files, through the provider registered
 * for the file's type in {@link Providers}. Each job run opens its own instances and closes them when it ends.
 */
public final class ConnectorFactory {

    private final Workspace workspace;
    private final Map<String, String> environment;
    private final Budgets budgets;
    private final CallObserver calls;

    public ConnectorFactory(Workspace workspace) {
        this(workspace, System.getenv());
    }

    /** @param environment where ${VAR} secret references of connector files are resolved */
    public ConnectorFactory(Workspace workspace, Map<String, String> environment) {
        this(workspace, environment, Budgets.LOCAL);
    }

    /** @param budgets where the connections' request budgets are counted: this process, or a cluster's PostgreSQL */
    public ConnectorFactory(Workspace workspace, Map<String, String> environment, Budgets budgets) {
        this(workspace, environment, budgets, CallObserver.NONE);
    }

    /** @param calls told of every connection's HTTP calls, quotas and guards (the engine's metrics) */
    public ConnectorFactory(Workspace workspace, Map<String, String> environment, Budgets budgets, CallObserver calls) {
        this.workspace = workspace;
        this.environment = Map.copyOf(environment);
        this.budgets = budgets;
        this.calls = calls;
    }

    public Connector open(String connection) {
        ConnectorConfig config = workspace.connectors().get(connection);
        if (config == null) {
            throw new IllegalArgumentException("Unknown connection \"" + connection + "\"; connections are "
                    + workspace.connectors().keySet());
        }
        Provider provider = Providers.CATALOG.provider(config.type()).filter(Provider::runnable)
                .orElseThrow(() -> new IllegalStateException(Providers.notShipped(connection, config.type())));
        return provider.open(config, workspace.root(), environment, budgets, calls);
    }
}

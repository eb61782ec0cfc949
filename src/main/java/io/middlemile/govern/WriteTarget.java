package io.middlemile.govern;

import io.middlemile.connector.Connector;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;

/**
 * A connection opened for one kind of write: its connector, the capability the write needs, its
 * workspace configuration (null for a connection the workspace does not know) and its policy.
 */
record WriteTarget<T>(String connection, Connector connector, T capability, ConnectorConfig config, PolicyGate gate) {

    /** The workspace's configuration of an object (id field, modified field), or null. */
    ObjectConfig object(String object) {
        return config == null ? null : config.object(object);
    }
}

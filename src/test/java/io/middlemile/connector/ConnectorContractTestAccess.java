package io.middlemile.connector;

import java.util.List;

/** Lets connector-specific tests reuse the contract's read loop. */
public final class ConnectorContractTestAccess {
    private ConnectorContractTestAccess() {
    }

    public static List<String> readAll(ChangeSource source, String object, Cursor cursor, int pageSize, List<String> ids) {
        return ConnectorContractTest.readAll(source, object, cursor, pageSize, ids);
    }
}

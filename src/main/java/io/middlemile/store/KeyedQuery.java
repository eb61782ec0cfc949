package io.middlemile.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.util.Collection;

/**
 * The query the per-object stores share: rows of one connection and object whose key is in a batch
 * ({@code where connection = ? and object = ? and KEY = any(?)}), one round trip per page of records.
 */
final class KeyedQuery {

    private KeyedQuery() {
    }

    /**
     * @param sql       a select whose three parameters are the connection, the object and the key array
     * @param arrayType the PostgreSQL type of the keys, e.g. text or uuid
     */
    static void forEach(JdbcTemplate jdbc, String sql, String connection, String object, String arrayType, Collection<?> keys,
                        RowCallbackHandler rows) {
        if (keys.isEmpty()) {
            return;
        }
        jdbc.query(session -> {
            var statement = session.prepareStatement(sql);
            statement.setString(1, connection);
            statement.setString(2, object);
            statement.setArray(3, session.createArrayOf(arrayType, keys.toArray()));
            return statement;
        }, rows);
    }
}

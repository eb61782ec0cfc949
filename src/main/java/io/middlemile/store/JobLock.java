package io.middlemile.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A PostgreSQL session advisory lock held for the length of a run, so two engine processes never
 * run the same job at once. The lock dies with the session, so a killed process frees it.
 */
public final class JobLock implements AutoCloseable {
    private final Connection connection;
    private final long key;

    JobLock(Connection connection, long key) {
        this.connection = connection;
        this.key = key;
    }

    @Override
    public void close() {
        try (connection; PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(?)")) {
            unlock.setLong(1, key);
            unlock.execute();
        } catch (SQLException e) {
            // closing the session releases the lock anyway
        }
    }
}

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
    private final Runnable released;

    /** @param released told when the lock is given back (the process's list of jobs it holds) */
    JobLock(Connection connection, long key, Runnable released) {
        this.connection = connection;
        this.key = key;
        this.released = released;
    }

    @Override
    public void close() {
        released.run();
        try (connection; PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(?)")) {
            unlock.setLong(1, key);
            unlock.execute();
        } catch (SQLException e) {
            // closing the session releases the lock anyway
        }
    }
}

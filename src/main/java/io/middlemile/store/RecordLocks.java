package io.middlemile.store;

import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.zip.CRC32C;

/**
 * Serializes writes to the same target records across runs and processes: a writer holds advisory
 * locks on every key of its batch while it reads the current values, writes and journals, so two
 * runs never journal the same before-image for one record. Locks are taken in sorted order in one
 * statement, so two batches cannot deadlock.
 */
@Component
public class RecordLocks {

    private final DataSource dataSource;

    public RecordLocks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Holds the locks until closed. */
    public final class Held implements AutoCloseable {
        private final Connection connection;

        private Held(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void close() {
            try (connection; PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock_all()")) {
                unlock.execute();
            } catch (SQLException e) {
                // closing the session releases its locks anyway
            }
        }
    }

    public Held lock(String connection, String object, Collection<String> keys) {
        long[] hashes = keys.stream().mapToLong(key -> hash(connection + "\u0000" + object + "\u0000" + key)).distinct().sorted().toArray();
        try {
            Connection session = dataSource.getConnection();
            try (PreparedStatement lock = session.prepareStatement(
                    "select count(pg_advisory_lock(k)) from (select unnest(?::bigint[]) as k order by 1) locks")) {
                Long[] boxed = new Long[hashes.length];
                for (int i = 0; i < hashes.length; i++) {
                    boxed[i] = hashes[i];
                }
                Array array = session.createArrayOf("bigint", boxed);
                lock.setArray(1, array);
                lock.execute();
                return new Held(session);
            } catch (SQLException e) {
                session.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not lock the records being written at " + connection + "/" + object + ": "
                    + e.getMessage(), e);
        }
    }

    /** Record locks live in their own key space (high bit set) so they never collide with job locks. */
    private static long hash(String text) {
        CRC32C crc = new CRC32C();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        crc.update(bytes);
        long high = crc.getValue();
        crc.reset();
        crc.update(new StringBuilder(text).reverse().toString().getBytes(StandardCharsets.UTF_8));
        return Long.MIN_VALUE | (high << 31) ^ crc.getValue();
    }
}

package io.middlemile.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The owners last read from each CRM connection (table {@code crm_owners}). A read replaces the connection's rows
 * whole, in one transaction, so a reader sees the old list or the new one, and a user removed from the CRM
 * disappears with the next read.
 */
@Component
public class OwnerCacheStore {

    /**
     * One cached owner: the CRM's id, email and name, whether the CRM had them active, and for a queue (null for a person)
     * the objects whose records it may own.
     */
    public record CachedOwner(String id, String email, String name, boolean active, List<String> queueOf) {

        public CachedOwner(String id, String email, String name, boolean active) {
            this(id, email, name, active, null);
        }
    }

    /** A connection's owners as last read, and when. */
    public record Snapshot(String connection, Instant readAt, List<CachedOwner> owners) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public OwnerCacheStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Replaces the connection's owners with {@code owners}, read at {@code readAt}. */
    public void replace(String connection, List<CachedOwner> owners, Instant readAt) {
        transactions.executeWithoutResult(status -> {
            jdbc.update("delete from crm_owners where connection = ?", connection);
            jdbc.batchUpdate("insert into crm_owners (connection, id, email, name, active, read_at, queue_of) values (?, ?, ?, ?, ?, ?, ?)",
                    owners, 500, (statement, owner) -> {
                        statement.setString(1, connection);
                        statement.setString(2, owner.id());
                        statement.setString(3, owner.email());
                        statement.setString(4, owner.name());
                        statement.setBoolean(5, owner.active());
                        statement.setTimestamp(6, Timestamp.from(readAt));
                        statement.setArray(7, owner.queueOf() == null ? null
                                : statement.getConnection().createArrayOf("text", owner.queueOf().toArray()));
                    });
        });
    }

    /**
     * The connection's owners as last read, in id order; empty when they were never read. A CRM without a single
     * user cannot be read into an empty list here: {@code replace} with none leaves nothing to tell it from "never".
     */
    public Optional<Snapshot> owners(String connection) {
        List<CachedOwner> owners = jdbc.query("select id, email, name, active, queue_of from crm_owners where connection = ? order by id",
                (rs, row) -> {
                    java.sql.Array queueOf = rs.getArray(5);
                    return new CachedOwner(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                            queueOf == null ? null : List.of((String[]) queueOf.getArray()));
                }, connection);
        if (owners.isEmpty()) {
            return Optional.empty();
        }
        Timestamp readAt = jdbc.queryForObject("select max(read_at) from crm_owners where connection = ?", Timestamp.class, connection);
        return Optional.of(new Snapshot(connection, readAt.toInstant(), owners));
    }
}

package io.middlemile.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Asynchronous enrichment submissions (table {@code enrich_tickets}), stored before anything waits on them: a
 * crash or a restart finds them here and polls them, and never submits the same lookups again. A webhook
 * delivery of a ticket's results is kept with it ({@link #deliver}) until the waterfall reads it.
 */
@Component
public class EnrichTicketStore {

    /**
     * One submission.
     *
     * @param lookups per request key, what was asked: {@code lookupKey} and {@code fields} (and the group)
     */
    public record Ticket(long id, String connection, String entity, String ticket, Map<String, Object> lookups, String state,
                         Instant pollAt, byte[] delivered, Long runId, String job, String waterfall, String status) {
    }

    private static final String COLUMNS = "id, connection, entity, ticket, lookups::text, state, poll_at, delivered, run_id, job,"
            + " waterfall, status";
    private static final RowMapper<Ticket> ROW = (rs, n) -> new Ticket(rs.getLong(1), rs.getString(2), rs.getString(3),
            rs.getString(4), Json.read(rs.getString(5)), rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getBytes(8),
            (Long) rs.getObject(9), rs.getString(10), rs.getString(11), rs.getString(12));

    private final JdbcTemplate jdbc;

    public EnrichTicketStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a submission the vendor accepted; returns its row id. Called before any wait on it. */
    public long save(String connection, String entity, String ticket, Map<String, Object> lookups, String state, Instant pollAt,
                     Long runId, String job, String waterfall) {
        Long id = jdbc.queryForObject("insert into enrich_tickets (connection, entity, ticket, lookups, state, poll_at, run_id, job,"
                        + " waterfall) values (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?) on conflict (connection, ticket) do update"
                        + " set lookups = excluded.lookups returning id", Long.class, connection, entity, ticket, Json.write(lookups),
                state, Timestamp.from(pollAt), runId, job, waterfall);
        return id == null ? -1 : id;
    }

    /** The pending submissions of a waterfall (all connections), oldest first. */
    public List<Ticket> pending(String waterfall) {
        return jdbc.query("select " + COLUMNS + " from enrich_tickets where waterfall = ? and status = 'pending' order by id", ROW,
                waterfall);
    }

    /** One pending submission of a connection, by the vendor's id (with its webhook delivery, if one came). */
    public Optional<Ticket> pending(String connection, String ticket) {
        return jdbc.query("select " + COLUMNS + " from enrich_tickets where connection = ? and ticket = ? and status = 'pending'", ROW,
                connection, ticket).stream().findFirst();
    }

    public Optional<Ticket> get(long id) {
        return jdbc.query("select " + COLUMNS + " from enrich_tickets where id = ?", ROW, id).stream().findFirst();
    }

    /**
     * Keeps a webhook delivery of a pending ticket's results; returns that ticket (its {@code job} is the job to run to
     * collect them), or empty when no pending ticket of that connection has that vendor id (a late redelivery, or one
     * for another engine).
     */
    public Optional<Ticket> deliver(String connection, String ticket, byte[] payload) {
        List<Long> ids = jdbc.query("update enrich_tickets set delivered = ?, poll_at = least(poll_at, now()) where connection = ?"
                + " and ticket = ? and status = 'pending' returning id", (rs, n) -> rs.getLong(1), payload, connection, ticket);
        return ids.isEmpty() ? Optional.empty() : get(ids.get(0));
    }

    /** The vendor answered part of it: what is still waiting, and when to ask again. */
    public void stillPending(long id, Map<String, Object> lookups, String state, Instant pollAt) {
        jdbc.update("update enrich_tickets set lookups = ?::jsonb, state = ?, poll_at = ?, delivered = null where id = ?",
                Json.write(lookups), state, Timestamp.from(pollAt), id);
    }

    public void done(long id, String detail) {
        jdbc.update("update enrich_tickets set status = 'done', detail = ?, done_at = now(), delivered = null where id = ?", detail, id);
    }

    public void failed(long id, String detail) {
        jdbc.update("update enrich_tickets set status = 'failed', detail = ?, done_at = now() where id = ?", detail, id);
    }
}

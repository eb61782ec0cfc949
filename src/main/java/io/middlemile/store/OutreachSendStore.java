package io.middlemile.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outreach ledger ({@code outreach_sends}): every send the outreach step made, deferred, skipped or refused. It
 * answers what the step asks before it sends: was this record already sent to by this outreach, when was this person
 * last contacted on any channel, how much has a sending account used today and this week, which deferred sends are
 * due. A deferred row keeps the send itself, so a send waiting for its window survives restarts and is never dropped.
 */
@Component
public class OutreachSendStore {

    /** What became of a send, as the ledger keeps it. */
    public enum Status {
        SENT, SKIPPED, REJECTED, DEFERRED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Status of(String id) {
            return valueOf(id.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /**
     * One row of the ledger.
     *
     * @param outreach  the outreach file ({@code outreach/NAME.yaml}) it was made for
     * @param channel   email or linkedin
     * @param kind      enrol, invite or message
     * @param account   the sending account (a LinkedIn account), null for email
     * @param recordKey the record's key in the hub (as the journal keys it)
     * @param person    who was contacted: the lower-cased email, or the LinkedIn identifier
     * @param dueAt     for a deferred send: when it may go
     * @param send      the send as the connector takes it (kept for deferred sends)
     */
    public record Entry(long id, String outreach, String job, long runId, String channel, String kind, String connection, String account,
                        String recordKey, String person, Status status, String reason, Instant dueAt, Instant sentAt, String providerId,
                        Map<String, Object> send) {
    }

    private static final String COLUMNS = "id, outreach, job, run_id, channel, kind, connection, account, record_key, person, status,"
            + " reason, due_at, sent_at, provider_id, send::text";

    private static final RowMapper<Entry> ROW = (rs, row) -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
            Status.of(rs.getString(11)), rs.getString(12), instant(rs.getTimestamp(13)), instant(rs.getTimestamp(14)), rs.getString(15),
            Json.read(rs.getString(16)));

    private final JdbcTemplate jdbc;

    public OutreachSendStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Adds rows (their ids are ignored). A sent or deferred row of a record this outreach already sent to on that channel is
     * not added again (a replayed page): the answer holds the rows added, with their ids.
     */
    public List<Entry> add(List<Entry> entries) {
        List<Entry> added = new ArrayList<>();
        for (Entry e : entries) {
            List<Long> id = jdbc.queryForList("insert into outreach_sends (outreach, job, run_id, channel, kind, connection, account,"
                            + " record_key, person, status, reason, due_at, sent_at, provider_id, send)"
                            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) on conflict do nothing returning id", Long.class,
                    e.outreach(), e.job(), e.runId(), e.channel(), e.kind(), e.connection(), e.account(), e.recordKey(), e.person(),
                    e.status().id(), e.reason(), timestamp(e.dueAt()), timestamp(e.sentAt()), e.providerId(), Json.write(e.send()));
            if (!id.isEmpty()) {
                added.add(new Entry(id.get(0), e.outreach(), e.job(), e.runId(), e.channel(), e.kind(), e.connection(), e.account(),
                        e.recordKey(), e.person(), e.status(), e.reason(), e.dueAt(), e.sentAt(), e.providerId(), e.send()));
            }
        }
        return added;
    }

    /** The sent or deferred rows of these records for one outreach and channel, by record key. */
    public Map<String, Entry> outstanding(String outreach, String channel, Collection<String> recordKeys) {
        Map<String, Entry> found = new LinkedHashMap<>();
        if (recordKeys.isEmpty()) {
            return found;
        }
        jdbc.query("select " + COLUMNS + " from outreach_sends where outreach = ? and channel = ? and record_key = any(?)"
                        + " and status in ('sent', 'deferred')", ROW, outreach, channel, recordKeys.toArray(String[]::new))
                .forEach(entry -> found.put(entry.recordKey(), entry));
        return found;
    }

    /** When each of these people (lower-cased emails, LinkedIn identifiers) was last sent to, on any channel, since {@code since}. */
    public Map<String, Instant> lastContacted(Collection<String> people, Instant since) {
        Map<String, Instant> last = new LinkedHashMap<>();
        if (people.isEmpty()) {
            return last;
        }
        jdbc.query("select person, max(sent_at) from outreach_sends where status = 'sent' and person = any(?) and sent_at >= ?"
                        + " group by person", rs -> {
                    last.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                }, people.toArray(String[]::new), Timestamp.from(since));
        return last;
    }

    /** How many sends of a kind an account made at a connection since a time (its day or week in its own time zone). */
    public long sentSince(String connection, String account, String kind, Instant since) {
        Long count = jdbc.queryForObject("select count(*) from outreach_sends where connection = ? and account is not distinct from ?"
                + " and kind = ? and status = 'sent' and sent_at >= ?", Long.class, connection, account, kind, Timestamp.from(since));
        return count == null ? 0 : count;
    }

    /** The deferred sends of an outreach that may go at {@code now}, oldest first. */
    public List<Entry> due(String outreach, Instant now, int limit) {
        return jdbc.query("select " + COLUMNS + " from outreach_sends where outreach = ? and status = 'deferred' and due_at <= ?"
                + " order by due_at, id limit ?", ROW, outreach, Timestamp.from(now), limit);
    }

    /** The earliest time a deferred send of an outreach is due, and how many wait. */
    public record Waiting(long count, Instant earliest) {
    }

    public Waiting waiting(String outreach) {
        return jdbc.queryForObject("select count(*), min(due_at) from outreach_sends where outreach = ? and status = 'deferred'",
                (rs, row) -> new Waiting(rs.getLong(1), instant(rs.getTimestamp(2))), outreach);
    }

    /** What became of a deferred send when its window came (sent, deferred again, refused), by the run that tried it. */
    public void settle(long id, long runId, Status status, String reason, Instant dueAt, Instant sentAt, String providerId) {
        jdbc.update("update outreach_sends set run_id = ?, status = ?, reason = ?, due_at = ?, sent_at = ?, provider_id = ? where id = ?",
                runId, status.id(), reason, timestamp(dueAt), timestamp(sentAt), providerId, id);
    }

    /** A run's rows, in order: what a rollback lists (sends cannot be undone) and what the run's summary counts. */
    public List<Entry> ofRun(long runId) {
        return jdbc.query("select " + COLUMNS + " from outreach_sends where run_id = ? order by id", ROW, runId);
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}

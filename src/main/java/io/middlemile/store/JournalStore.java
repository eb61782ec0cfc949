package io.middlemile.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The append-only journal of every write the hub made or meant to make. Intents are written before
 * the write (write-ahead), results after, so the journal can always tell what really happened.
 */
@Component
public class JournalStore {

    /** A created record's key is the id the provider gave it, once a result recorded one (V5). */
    private static final String KEY = "coalesce((select r.record_id from journal_results r where r.entry_id = j.id"
            + " and r.record_id is not null limit 1), j.record_key)";
    /** An entry's result is its latest one: a file target's writes can be withdrawn after the run applied them. */
    private static final String LATEST_RESULT = "(select r.result from journal_results r where r.entry_id = j.id"
            + " order by r.recorded_at desc, r.result limit 1)";
    private static final String COLUMNS = "j.id, j.run_id, j.job, j.connection, j.object, " + KEY + ", j.action, j.before::text,"
            + " j.after::text, j.decision, j.rule, j.workspace_version, " + LATEST_RESULT + ","
            + " j.recorded_at, j.reason, j.actor";

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    public JournalStore(DataSource dataSource, JdbcTemplate jdbc) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    /** Records intents and returns their ids, in order. Committed before the write is attempted. */
    public List<Long> intend(List<JournalEntry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        // the identity column's sequence by name: looked up with pg_get_serial_sequence, the catalog was read once per
        // id, and reserving a page's 100 ids took 0.45 ms of the database instead of 0.1
        List<Long> ids = jdbc.queryForList("select nextval('journal_id_seq'::regclass) from generate_series(1, ?)",
                Long.class, entries.size());
        CopyText rows = new CopyText();
        for (int i = 0; i < entries.size(); i++) {
            JournalEntry entry = entries.get(i);
            rows.value(ids.get(i)).value(entry.runId()).value(entry.job()).value(entry.connection()).value(entry.object())
                    .value(entry.recordKey()).value(entry.action()).value(Json.write(entry.before())).value(Json.write(entry.after()))
                    .value(entry.decision()).value(entry.rule()).value(entry.workspaceVersion()).value(entry.reason()).value(entry.actor()).endRow();
        }
        copy(rows, "journal (id, run_id, job, connection, object, record_key, action, before, after, decision, rule, workspace_version, reason, actor)",
                "Could not write the journal; no write was made");
        return ids;
    }

    /**
     * A result for one journal entry (never {@link JournalEntry.Result#INTENT}: an intent has no result row).
     *
     * @param recordId the id the provider gave a record journaled under a placeholder key (a create), else null
     */
    public record EntryResult(long entryId, JournalEntry.Result result, String detail, String recordId) {
        public EntryResult {
            result.db();
        }

        public EntryResult(long entryId, JournalEntry.Result result, String detail) {
            this(entryId, result, detail, null);
        }
    }

    /** Records results; inside a transaction (a page commit) they commit with it. */
    public void results(List<EntryResult> results) {
        CopyText rows = new CopyText();
        results.forEach(result -> rows.value(result.entryId()).value(result.result().db()).value(result.detail())
                .value(result.recordId()).endRow());
        copy(rows, "journal_results (entry_id, result, detail, record_id)", "Could not record write results");
    }

    /**
     * Says, after the fact, that a run's applied writes at one target were not applied after all: a file target takes a
     * run's writes only when the run ends, and a run that is not resumed (a retry, a reassign) and stopped never gave them
     * to it. The journal is append-only, so this is a later result of each entry; the latest result is the entry's. Returns
     * how many entries it changed.
     */
    public int withdraw(long runId, String connection, String object, String detail) {
        return jdbc.update("insert into journal_results (entry_id, result, detail) select j.id, ?, ? from journal j"
                        + " where j.run_id = ? and j.connection = ? and j.object = ? and " + LATEST_RESULT + " = ?",
                JournalEntry.Result.NOT_APPLIED.db(), detail, runId, connection, object, JournalEntry.Result.APPLIED.db());
    }

    private void copy(CopyText rows, String target, String failure) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            rows.copyInto(connection, target);
        } catch (SQLException e) {
            throw new IllegalStateException(failure + ": " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * The ids the provider gave records created under these placeholder keys ({@code new:<canonical id>}), where a result
     * recorded one (V5) and no later archive (a rollback) removed the record; other keys are absent. A write-back asks
     * before creating a record it must create once only.
     */
    public java.util.Map<String, String> createdIds(String connection, String object, java.util.Collection<String> keys) {
        java.util.Map<String, String> found = new java.util.LinkedHashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        jdbc.query("select j.record_key, r.record_id from journal j join journal_results r on r.entry_id = j.id"
                + " where j.connection = ? and j.object = ? and j.record_key = any(?) and r.record_id is not null"
                + " and " + LATEST_RESULT + " = 'applied'" // a create withdrawn later (a file never given it) made nothing
                + " and not exists (select 1 from journal a join journal_results ar on ar.entry_id = a.id where a.connection = j.connection"
                + " and a.object = j.object and a.record_key = r.record_id and a.action = 'archive' and ar.result = 'applied' and a.id > j.id)"
                + " order by j.id", rs -> {
                    found.putIfAbsent(rs.getString(1), rs.getString(2));
                }, connection, object, (Object) keys.toArray(String[]::new));
        return found;
    }

    /**
     * What the hub last wrote to one field of these records, by key: the field's value in the newest applied create or
     * update that carried it (a created record found by the id the provider gave it). Keys never written there, or last
     * written empty, are absent. The write path asks when a target's value differs from what it expected to find there,
     * to tell its own earlier write (an owner whose address changed in the owner list since) from a person's change.
     */
    public java.util.Map<String, String> lastWritten(String connection, String object, String field, java.util.Collection<String> keys) {
        java.util.Map<String, String> found = new java.util.HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        String written = " and j.action in ('create', 'update') and jsonb_exists(j.after, ?) and " + LATEST_RESULT + " = 'applied'";
        jdbc.query("select distinct on (w.key) w.key, w.value from ("
                        + " select j.record_key as key, j.id, j.after ->> ? as value from journal j"
                        + " where j.connection = ? and j.object = ? and j.record_key = any(?)" + written
                        + " union all"
                        + " select r.record_id, j.id, j.after ->> ? from journal_results r join journal j on j.id = r.entry_id"
                        + " where r.record_id = any(?) and j.connection = ? and j.object = ?" + written
                        + ") w order by w.key, w.id desc", rs -> {
                    if (rs.getString(2) != null && !rs.getString(2).isBlank()) {
                        found.put(rs.getString(1), rs.getString(2));
                    }
                }, field, connection, object, (Object) keys.toArray(String[]::new), field,
                field, (Object) keys.toArray(String[]::new), connection, object, field);
        return found;
    }

    /** Intents at this connection whose write was never confirmed either way (the process died in between). */
    public List<JournalEntry> unresolved(String connection) {
        return jdbc.query("select " + COLUMNS + " from journal j where j.connection = ?"
                + " and not exists (select 1 from journal_results r where r.entry_id = j.id) order by j.id", ROW, connection);
    }

    /** A run's intents at this connection and object whose call was never confirmed either way (by the run's index). */
    public List<JournalEntry> unresolved(long runId, String connection, String object) {
        return jdbc.query("select " + COLUMNS + " from journal j where j.run_id = ? and j.connection = ? and j.object = ?"
                + " and not exists (select 1 from journal_results r where r.entry_id = j.id) order by j.id", ROW, runId, connection, object);
    }

    /** The entries of a run, in the order they were written. */
    public List<JournalEntry> ofRun(long runId) {
        return jdbc.query("select " + COLUMNS + " from journal j where j.run_id = ? order by j.id", ROW, runId);
    }

    /**
     * Later entries (after {@code afterId}) that wrote the same record, for rollback conflict checks. A created
     * record's later writes are journaled under its real id, so {@code recordKey} is that id.
     */
    public List<JournalEntry> laterWrites(String connection, String object, String recordKey, long afterId) {
        return jdbc.query("select " + COLUMNS + " from journal j where j.connection = ? and j.object = ? and j.record_key = ?"
                + " and j.id > ? order by j.id", ROW, connection, object, recordKey, afterId);
    }

    /** Writes of an action applied at a connection since midnight UTC, for daily caps. */
    public long appliedToday(String connection, String action) {
        Long count = jdbc.queryForObject("select count(*) from journal j"
                        + " where j.connection = ? and j.action = ? and " + LATEST_RESULT + " = ?"
                        + " and j.recorded_at >= date_trunc('day', now() at time zone 'utc') at time zone 'utc'",
                Long.class, connection, action, JournalEntry.Result.APPLIED.db());
        return count == null ? 0 : count;
    }

    /** Writes of an action one actor had applied at a connection since midnight UTC, for a cap with an {@code actor}. */
    public long appliedToday(String connection, String action, String actor) {
        Long count = jdbc.queryForObject("select count(*) from journal j"
                        + " where j.connection = ? and j.action = ? and j.actor = ? and " + LATEST_RESULT + " = ?"
                        + " and j.recorded_at >= date_trunc('day', now() at time zone 'utc') at time zone 'utc'",
                Long.class, connection, action, actor, JournalEntry.Result.APPLIED.db());
        return count == null ? 0 : count;
    }

    /** The latest entries that wrote one record, newest first: its history, for an agent's or a person's look at it. */
    public List<JournalEntry> ofRecord(String connection, String object, String recordKey, int limit) {
        return jdbc.query("select " + COLUMNS + " from journal j where j.connection = ? and j.object = ? and j.record_key = ?"
                + " order by j.id desc limit ?", ROW, connection, object, recordKey, limit);
    }

    /** Everything journaled for one actor since a time, in the order it was written. */
    public List<JournalEntry> ofActor(String actor, java.time.Instant since) {
        return jdbc.query("select " + COLUMNS + " from journal j where j.actor = ? and j.recorded_at >= ? order by j.id", ROW, actor,
                java.sql.Timestamp.from(since));
    }

    /** The actors with anything journaled since a time, by name: what a rollback of an actor that wrote nothing offers. */
    public List<String> actorsSince(java.time.Instant since) {
        return jdbc.queryForList("select distinct actor from journal where recorded_at >= ? order by actor", String.class,
                java.sql.Timestamp.from(since));
    }

    /** One entry by id. */
    public java.util.Optional<JournalEntry> find(long id) {
        return jdbc.query("select " + COLUMNS + " from journal j where j.id = ?", ROW, id).stream().findFirst();
    }

    private static final RowMapper<JournalEntry> ROW = (rs, n) -> new JournalEntry(rs.getLong(1), rs.getLong(2), rs.getString(3),
            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), Json.read(rs.getString(8)), Json.read(rs.getString(9)),
            rs.getString(10), rs.getString(11), rs.getString(12), JournalEntry.Result.fromDb(rs.getString(13)), rs.getTimestamp(14).toInstant(),
            rs.getString(15), rs.getString(16));
}

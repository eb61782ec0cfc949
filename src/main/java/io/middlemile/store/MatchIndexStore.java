package io.middlemile.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.model.SourceRef;
import org.postgresql.PGStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The match API's saved index (tables {@code match_index}, {@code match_index_part} and {@code match_index_record}):
 * per dedupe rule, the weights of its last run and the canonical fields the rule reads of every record. A dedupe run
 * replaces a rule's index in one transaction, its records saved in parts of a few thousand (packed, {@link PackedText})
 * as the run reads its sources; sync pages upsert the records they see as rows of their own, and mark those deleted or
 * merged away at their source as removed; an engine start streams both back, without the removed ones.
 */
@Component
public class MatchIndexStore {

    private static final Logger LOG = LoggerFactory.getLogger(MatchIndexStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
    };
    /** Rows per round trip when loading: large enough to stream a million rows in seconds, small enough for the heap. */
    private static final int FETCH_SIZE = 10_000;
    /** Bytes of UTF-8 text per part of a rebuilt index (see match_index_part). */
    private static final int PART_BYTES = 1 << 20;
    /**
     * The fields of a row of match_index_record that stands for a record taken out of the index ({@link #remove}): JSON
     * null, which no record's fields are (they are an object, {@code {}} when the record has none of the rule's fields).
     */
    private static final String REMOVED = "'null'::jsonb";

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    public MatchIndexStore(DataSource dataSource, JdbcTemplate jdbc) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    /**
     * One record of an index: where it lives, the canonical fields the rule reads, as text, and its standardized
     * values in the layout of the index header, or null (records a sync upserted are standardized when loaded).
     * A loaded record has either its fields or its standardized values.
     */
    public record IndexRecord(SourceRef ref, Map<String, String> fields, String[] standardized) {
        public IndexRecord(SourceRef ref, Map<String, String> fields) {
            this(ref, fields, null);
        }
    }

    /**
     * What a rule's last dedupe run left.
     *
     * @param comparisons the rule's comparisons at the time, to tell a changed rule file
     * @param parameters  the learned weights as JSON (the dedupe package's own shape)
     */
    public record IndexHeader(String rule, String entity, String comparisons, String parameters, Instant builtAt,
                              String standardizedLayout) {
    }

    /**
     * What one dedupe run found in one source: its records, and how many of them it would merge into another record
     * of that same source (a match with another source's record is a link, not a duplicate of this object).
     *
     * @param rule    the dedupe rule ({@code dedupe/RULE.yaml}) whose last run this is
     * @param builtAt when that run saved it
     */
    public record DuplicateRate(String rule, long records, long duplicates, Instant builtAt) {

        public double rate() {
            return records == 0 ? 0 : (double) duplicates / records;
        }
    }

    /** The last run of every dedupe rule that reads {@code connection/object}, newest first. */
    public List<DuplicateRate> duplicateRates(String connection, String object) {
        String source = connection + "/" + object;
        return jdbc.query("select rule, (duplicates -> ? ->> 'records')::bigint, (duplicates -> ? ->> 'duplicates')::bigint, built_at"
                        + " from match_index where duplicates -> ? is not null order by built_at desc",
                (rs, i) -> new DuplicateRate(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getTimestamp(4).toInstant()),
                source, source, source);
    }

    public Optional<IndexHeader> header(String rule) {
        return jdbc.query("select rule, entity, comparisons, parameters::text, built_at, standardized from match_index"
                        + " where rule = ?", (rs, i) -> new IndexHeader(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getString(6)), rule).stream().findFirst();
    }

    /**
     * Starts replacing a rule's index. Its parts wait in memory until {@link Rebuild#attach} names the store (a command
     * reads its first records while the engine holding the store is still starting). Until {@link Rebuild#commit} the
     * previous index stays what every other reader sees; {@link Rebuild#close} without a commit leaves it untouched.
     */
    public static Rebuild rebuild(String rule, String entity) {
        return new Rebuild(rule, entity);
    }

    /**
     * A rule's index being replaced: records added with {@link #addLine}, saved a part of about a megabyte at a time in
     * the rebuild's transaction, then {@link #commit}ted. The parts go to the store on a thread of the rebuild's own, so
     * the thread adding records never waits for the server to store one (at a million contacts the parts made while the
     * store started, tens of megabytes, held the whole load up for a second when they were saved on the adding thread,
     * and each later part for its round trip). Not thread-safe.
     */
    public static final class Rebuild implements AutoCloseable {
        /** Parts handed to the writer and not yet stored, at most: a few tens of megabytes, then the adding thread waits. */
        private static final int QUEUED_PARTS = 32;

        private final String rule;
        private final String entity;
        private final CopyText part = new CopyText();
        // parts made before the store was attached
        private final List<byte[]> waiting = new ArrayList<>();
        // free places in the writer's queue; below zero while the parts made before the store was attached drain
        private Semaphore queued;
        private ExecutorService writer;
        // the writer's first failure, thrown on the adding thread at its next part and at the commit
        private volatile RuntimeException failed;
        // set when the rebuild is given up: parts still queued are not stored
        private volatile boolean abandoned;
        private Connection connection;
        private PreparedStatement insertPart;
        private int parts;
        private long added;
        private boolean done;

        private Rebuild(String rule, String entity) {
            this.rule = rule;
            this.entity = entity;
        }

        /** Starts the rebuild's transaction in {@code store} and saves the parts made so far. */
        public void attach(MatchIndexStore store) {
            if (connection != null) {
                return;
            }
            try {
                Connection opened = store.dataSource.getConnection();
                try {
                    opened.setAutoCommit(false);
                    // the old header goes with its parts and synced records (on delete cascade)
                    try (PreparedStatement delete = opened.prepareStatement("delete from match_index where rule = ?");
                         PreparedStatement header = opened.prepareStatement(
                                 "insert into match_index (rule, entity, comparisons, parameters) values (?, ?, '', '{}')")) {
                        delete.setString(1, rule);
                        delete.executeUpdate();
                        header.setString(1, rule);
                        header.setString(2, entity);
                        header.executeUpdate();
                    }
                    // the part goes packed (PackedText): at a million contacts the server took in several hundred
                    // megabytes of lines more slowly than the run made them, and the run waited for it
                    insertPart = opened.prepareStatement("insert into match_index_part (rule, part, packed) values (?, ?, ?)");
                } catch (SQLException | RuntimeException e) {
                    opened.rollback();
                    opened.close();
                    throw e;
                }
                connection = opened;
                writer = Executors.newSingleThreadExecutor(task -> {
                    Thread thread = new Thread(task, "match-index-writer");
                    thread.setDaemon(true);
                    return thread;
                });
                // First the space of the index the previous rebuild replaced (~150 MB at a million contacts) is given
                // back, for this one's parts to reuse. Not at that rebuild's commit: the run's save, in a transaction
                // begun before it, still saw the replaced parts then, so nothing could go.
                String replaced = "the match index of rule " + rule + " that its last rebuild replaced";
                writer.execute(() -> Vacuum.reclaim(store.dataSource, replaced, "match_index_part", "match_index_record",
                        "match_index"));
                // already in memory: handed over whole, and the adding thread goes on while the writer stores them
                queued = new Semaphore(QUEUED_PARTS - waiting.size());
                for (byte[] text : waiting) {
                    write(text);
                }
                waiting.clear();
            } catch (SQLException e) {
                throw new IllegalStateException("Could not start saving the match index of rule " + rule + ": " + e.getMessage(), e);
            }
        }

        /**
         * Adds one record as {@link #line} made it: the line can be made on any thread, while the record is fresh in
         * that core's cache, and added here in order.
         */
        public void addLine(byte[] line) {
            part.rows(line);
            added++;
            if (part.length() > PART_BYTES) {
                save();
            }
        }

        public long added() {
            return added;
        }

        /**
         * Makes the new index the rule's index, with the run's weights and, per source, the records read and the
         * duplicates found ({@link #duplicateRates}). The store must be attached.
         */
        public void commit(String comparisons, String parameters, Map<String, DuplicateRate> duplicates,
                           String standardizedLayout) {
            if (connection == null) {
                throw new IllegalStateException("the match index rebuild of rule " + rule + " was never attached to a store");
            }
            save();
            drain();
            try {
                Map<String, Map<String, Long>> json = new java.util.TreeMap<>();
                duplicates.forEach((source, rate) -> json.put(source, Map.of("records", rate.records(), "duplicates", rate.duplicates())));
                try (PreparedStatement header = connection.prepareStatement("update match_index set comparisons = ?,"
                        + " parameters = ?::jsonb, duplicates = ?::jsonb, standardized = ?, built_at = now() where rule = ?")) {
                    header.setString(1, comparisons);
                    header.setString(2, parameters);
                    header.setString(3, Json.write(json));
                    header.setString(4, standardizedLayout);
                    header.setString(5, rule);
                    header.executeUpdate();
                }
                connection.commit();
                done = true;
            } catch (SQLException e) {
                throw new IllegalStateException("Could not save the match index of rule " + rule + ": " + e.getMessage(), e);
            }
        }

        private void save() {
            if (part.isEmpty()) {
                return;
            }
            if (connection == null) {
                waiting.add(part.take());
                return;
            }
            queued.acquireUninterruptibly();
            write(part.take());
        }

        /** Hands one part to the writer, numbered in the order given. */
        private void write(byte[] text) {
            rethrowFailure();
            int number = parts++;
            writer.execute(() -> {
                try {
                    if (failed == null && !abandoned) {
                        insert(number, text);
                    }
                } catch (RuntimeException e) {
                    failed = e;
                } finally {
                    queued.release();
                }
            });
        }

        private void insert(int number, byte[] text) {
            try {
                insertPart.setString(1, rule);
                insertPart.setInt(2, number);
                insertPart.setBytes(3, PackedText.pack(text));
                insertPart.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("Could not save the match index of rule " + rule + ": " + e.getMessage(), e);
            }
        }

        /** Waits until the writer has stored every part handed to it (or failed), and ends it. */
        private void drain() {
            endWriter();
            rethrowFailure();
        }

        private void endWriter() {
            if (writer == null) {
                return;
            }
            writer.shutdown();
            try {
                while (!writer.awaitTermination(1, TimeUnit.MINUTES)) {
                    LOG.info("Still saving the match index of rule {} to the state store: the command ends when it is done", rule);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while saving the match index of rule " + rule
                        + "; the previous index stays in use", e);
            }
        }

        private void rethrowFailure() {
            RuntimeException failure = failed;
            if (failure != null) {
                throw new IllegalStateException(failure.getMessage(), failure);
            }
        }

        @Override
        public void close() {
            waiting.clear();
            if (connection == null) {
                return;
            }
            // a rebuild given up stores nothing more; one committed has ended its writer already
            abandoned = true;
            try {
                endWriter();
            } finally {
                try {
                    if (connection.isClosed()) {
                        return; // the pool aborted it (the engine closing under the run): the server rolled it back
                    }
                    insertPart.close();
                    if (!done) {
                        connection.rollback();
                    }
                    connection.setAutoCommit(true);
                    connection.close();
                } catch (SQLException e) {
                    throw new IllegalStateException("Could not close the match index rebuild of rule " + rule + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private static final ThreadLocal<CopyText> LINE = ThreadLocal.withInitial(() -> new CopyText(1024));

    /** One record as a line of a rebuilt index, for {@link Rebuild#addLine}; thread-safe. */
    public static byte[] line(SourceRef ref, List<String> fields, String[] values, String[] standardized) {
        CopyText line = LINE.get();
        Part.write(line, ref, fields, values, standardized);
        return line.take();
    }

    /**
     * One line of a part per record, in COPY text escaping: connection, object, source id, the number of fields and
     * each field's name and value, then the number of standardized values ({@code \N} for none) and the values.
     */
    static final class Part {

        private Part() {
        }

        static void write(CopyText part, SourceRef ref, List<String> fields, String[] values, String[] standardized) {
            int present = 0;
            for (String value : values) {
                present += value == null ? 0 : 1;
            }
            part.value(ref.connection()).value(ref.object()).value(ref.sourceId()).value(present);
            for (int f = 0; f < values.length; f++) {
                if (values[f] != null) {
                    part.value(fields.get(f)).value(values[f]);
                }
            }
            part.value(standardized == null ? null : standardized.length);
            if (standardized != null) {
                for (String value : standardized) {
                    part.value(value);
                }
            }
            part.endRow();
        }

        /** The record on one line; its fields only when it has no standardized values or {@code standardized} is false. */
        static IndexRecord read(String line, boolean standardized) {
            List<String> v = CopyText.values(line);
            SourceRef ref = new SourceRef(v.get(0), v.get(1), v.get(2));
            int fields = Integer.parseInt(v.get(3));
            int at = 4 + 2 * fields;
            String count = v.get(at);
            if (standardized && count != null) {
                return new IndexRecord(ref, null, v.subList(at + 1, at + 1 + Integer.parseInt(count)).toArray(String[]::new));
            }
            Map<String, String> values = new java.util.LinkedHashMap<>();
            for (int f = 0; f < fields; f++) {
                values.put(v.get(4 + 2 * f), v.get(5 + 2 * f));
            }
            return new IndexRecord(ref, values, null);
        }
    }

    /** Inserts or replaces records of a rule's index (one batch statement); a rule without an index is left alone. */
    public void upsert(String rule, List<IndexRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(records.size());
        for (IndexRecord r : records) {
            rows.add(new Object[] {rule, r.ref().connection(), r.ref().object(), r.ref().sourceId(), write(r.fields()), rule});
        }
        // the exists clause keeps a sync from creating an index the dedupe run never built (no weights to score with)
        jdbc.batchUpdate("insert into match_index_record (rule, connection, object, source_id, fields)"
                + " select ?, ?, ?, ?, ?::jsonb where exists (select 1 from match_index where rule = ?)"
                + " on conflict (rule, connection, object, source_id) do update set fields = excluded.fields,"
                + " updated_at = now()", rows);
    }

    /**
     * Takes records out of a rule's index (deleted or merged away at their source; one batch statement): each becomes a
     * row whose fields are JSON {@code null}, which hides the record's copy in a part when the index is loaded (a part is
     * packed and read back whole, so a line of it cannot be deleted cheaply). A later {@link #upsert} of the record puts
     * it back; the rule's next dedupe run drops these rows with the index they amend. A rule without an index is left
     * alone.
     */
    public void remove(String rule, List<SourceRef> refs) {
        if (refs.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(refs.size());
        for (SourceRef ref : refs) {
            rows.add(new Object[] {rule, ref.connection(), ref.object(), ref.sourceId(), rule});
        }
        jdbc.batchUpdate("insert into match_index_record (rule, connection, object, source_id, fields)"
                + " select ?, ?, ?, ?, " + REMOVED + " where exists (select 1 from match_index where rule = ?)"
                + " on conflict (rule, connection, object, source_id) do update set fields = excluded.fields,"
                + " updated_at = now()", rows);
    }

    /**
     * Streams a rule's records to {@code sink}: those its last dedupe run saved, a part per round trip, then those a
     * sync wrote since, which replace the run's copy; a record a sync took out ({@link #remove}) is in neither. With
     * {@code standardized}, a record saved with standardized values comes with those instead of its fields.
     */
    public void forEach(String rule, boolean standardized, Consumer<IndexRecord> sink) {
        streamed("Could not read the match index of rule " + rule, connection -> {
            Set<SourceRef> synced = new HashSet<>();
            each(connection, "select connection, object, source_id from match_index_record where rule = ?", FETCH_SIZE,
                    rs -> synced.add(new SourceRef(rs.getString(1), rs.getString(2), rs.getString(3))), rule);
            each(connection, "select part, records, packed from match_index_part where rule = ? order by part", 1, rs -> {
                String records = records(rule, rs);
                for (int start = 0, end; start < records.length(); start = end + 1) {
                    end = records.indexOf('\n', start);
                    end = end < 0 ? records.length() : end;
                    IndexRecord record;
                    try {
                        record = Part.read(records.substring(start, end), standardized);
                    } catch (RuntimeException e) {
                        throw new IllegalStateException("Part " + rs.getInt(1) + " of the match index of rule " + rule
                                + " holds a line that cannot be read at character " + start + " (" + e + "): run `middlemile"
                                + " dedupe " + rule + "` to save the index again.", e);
                    }
                    if (!synced.contains(record.ref())) {
                        sink.accept(record);
                    }
                }
            }, rule);
            each(connection, "select connection, object, source_id, fields::text from match_index_record where rule = ?"
                            + " and fields <> " + REMOVED, FETCH_SIZE,
                    rs -> sink.accept(new IndexRecord(new SourceRef(rs.getString(1), rs.getString(2), rs.getString(3)),
                            parse(rs.getString(4)))), rule);
        });
    }

    /**
     * A row of match_index_record as a sync last wrote it, and when by the store's clock: the record kept (its fields in
     * {@code record}) or, {@code removed}, taken out of the index ({@link #remove}; its fields are then null).
     */
    public record SyncedRecord(IndexRecord record, boolean removed, Instant updatedAt) {
    }

    /**
     * Streams the rows of a rule's index that syncs wrote or removed after {@code since} (their {@code updated_at}, the
     * store's clock), oldest first, in any process or node: what a serving engine has not seen yet. Reads the index on
     * (rule, updated_at) of V35, so it costs the rows changed, not the rule's million records.
     */
    public void forEachSyncedSince(String rule, Instant since, Consumer<SyncedRecord> sink) {
        streamed("Could not read the records syncs changed in the match index of rule " + rule, connection ->
                each(connection, "select connection, object, source_id, fields::text, fields = " + REMOVED + ", updated_at"
                        + " from match_index_record where rule = ? and updated_at > ? order by updated_at", FETCH_SIZE, rs -> {
                    SourceRef ref = new SourceRef(rs.getString(1), rs.getString(2), rs.getString(3));
                    boolean removed = rs.getBoolean(5);
                    sink.accept(new SyncedRecord(new IndexRecord(ref, removed ? null : parse(rs.getString(4))), removed,
                            rs.getTimestamp(6).toInstant()));
                }, rule, java.sql.Timestamp.from(since)));
    }

    /**
     * The store's clock now: a row written from now on has a later {@code updated_at}, bar one written by a transaction
     * that began earlier and commits late.
     */
    public Instant now() {
        return jdbc.queryForObject("select now()", java.sql.Timestamp.class).toInstant();
    }

    /** A part's lines: packed since V32, as text when an earlier version saved it. */
    private static String records(String rule, ResultSet rs) throws SQLException {
        String text = rs.getString(2);
        if (text != null) {
            return text;
        }
        try {
            return PackedText.unpack(rs.getBytes(3));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Part " + rs.getInt(1) + " of the match index of rule " + rule + " cannot be"
                    + " unpacked (" + e.getMessage() + "): run `middlemile dedupe " + rule + "` to save the index again.", e);
        }
    }

    /** One row of a query's result. */
    @FunctionalInterface
    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    /** Every row of {@code sql} for {@code rule}, {@code fetchSize} rows a round trip (a cursor: the caller's transaction). */
    /** Reads in one transaction on one connection, so {@link #each} streams with a cursor; {@code failed} names what. */
    private void streamed(String failed, Reads reads) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            // the reads in one snapshot: a record a sync writes between them would be read twice (from the run's part, then
            // as the sync's), or its removal missed. Set before the transaction begins, as PostgreSQL asks
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            // PostgreSQL streams with a cursor only inside a transaction; otherwise the driver reads every row first
            connection.setAutoCommit(false);
            try {
                reads.on(connection);
                connection.commit();
            } finally {
                connection.setAutoCommit(autoCommit);
                connection.setTransactionIsolation(isolation);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(failed + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Reads {
        void on(Connection connection) throws SQLException;
    }

    private static void each(Connection connection, String sql, int fetchSize, Row row, Object... parameters) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setFetchSize(fetchSize);
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            // results in the binary protocol: in the text protocol a packed part (bytea) comes as hex, twice its size,
            // written out by the server and read back by the driver
            if (query.isWrapperFor(PGStatement.class)) {
                query.unwrap(PGStatement.class).setPrepareThreshold(-1);
            }
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs);
                }
            }
        }
    }

    private static Map<String, String> parse(String json) {
        try {
            return JSON.readValue(json, FIELDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("match_index_record holds a row that is not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(Map<String, String> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

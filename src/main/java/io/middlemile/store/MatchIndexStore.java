package io.middlemile.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.model.SourceRef;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The match API's saved index (tables {@code match_index} and {@code match_index_record}): per dedupe rule, the
 * weights of its last run and the canonical fields the rule reads of every record. A dedupe run replaces a rule's
 * rows in one transaction (COPY, streamed while the run reads its sources); sync pages upsert theirs; an engine
 * start streams them back with a server-side cursor.
 */
@Component
public class MatchIndexStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
    };
    /** Rows per round trip when loading: large enough to stream a million rows in seconds, small enough for the heap. */
    private static final int FETCH_SIZE = 10_000;
    private static final int COPY_CHUNK_CHARS = 1 << 20;

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

        public IndexRecord withStandardized(String[] values) {
            return new IndexRecord(ref, fields, values);
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
     * Starts replacing a rule's index. Until {@link Rebuild#commit} the previous index stays what every other reader
     * sees; {@link Rebuild#close} without a commit leaves it untouched.
     */
    public Rebuild rebuild(String rule, String entity) {
        try {
            Connection connection = dataSource.getConnection();
            try {
                connection.setAutoCommit(false);
                try (PreparedStatement delete = connection.prepareStatement("delete from match_index where rule = ?");
                     PreparedStatement header = connection.prepareStatement(
                             "insert into match_index (rule, entity, comparisons, parameters) values (?, ?, '', '{}')")) {
                    delete.setString(1, rule);
                    delete.executeUpdate();
                    header.setString(1, rule);
                    header.setString(2, entity);
                    header.executeUpdate();
                }
                CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                        "copy match_index_record (rule, connection, object, source_id, fields, standardized) from stdin"
                                + " with (format text)");
                return new Rebuild(rule, connection, copy);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                connection.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not start saving the match index of rule " + rule + ": " + e.getMessage(), e);
        }
    }

    /** A rule's index being replaced: records streamed in with {@link #add}, then {@link #commit}ted. Not thread-safe. */
    public static final class Rebuild implements AutoCloseable {
        private final String rule;
        private final Connection connection;
        private final CopyIn copy;
        private final CopyText rows = new CopyText();
        private long added;
        private boolean done;

        private Rebuild(String rule, Connection connection, CopyIn copy) {
            this.rule = rule;
            this.connection = connection;
            this.copy = copy;
        }

        public void add(IndexRecord record) {
            rows.value(rule).value(record.ref().connection()).value(record.ref().object()).value(record.ref().sourceId())
                    .value(write(record.fields())).value(arrayLiteral(record.standardized())).endRow();
            added++;
            if (rows.length() > COPY_CHUNK_CHARS) {
                send();
            }
        }

        public long added() {
            return added;
        }

        /**
         * Makes the new index the rule's index, with the run's weights and, per source, the records read and the
         * duplicates found ({@link #duplicateRates}).
         */
        public void commit(String comparisons, String parameters, Map<String, DuplicateRate> duplicates,
                           String standardizedLayout) {
            send();
            try {
                copy.endCopy();
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

        private void send() {
            try {
                rows.sendTo(copy);
            } catch (SQLException e) {
                throw new IllegalStateException("Could not save the match index of rule " + rule + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                if (!done) {
                    if (copy.isActive()) {
                        copy.cancelCopy();
                    }
                    connection.rollback();
                }
                connection.setAutoCommit(true);
                connection.close();
            } catch (SQLException e) {
                throw new IllegalStateException("Could not close the match index rebuild of rule " + rule + ": " + e.getMessage(), e);
            }
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
                + " on conflict (rule, connection, object, source_id) do update set fields = excluded.fields, standardized = null,"
                + " updated_at = now()", rows);
    }

    /**
     * Streams a rule's records to {@code sink} in store order, {@value #FETCH_SIZE} rows per round trip. With
     * {@code standardized}, a record saved with standardized values comes with those instead of its fields.
     */
    public void forEach(String rule, boolean standardized, Consumer<IndexRecord> sink) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            // PostgreSQL streams with a cursor only inside a transaction; otherwise the driver reads every row first
            connection.setAutoCommit(false);
            try (PreparedStatement query = connection.prepareStatement(standardized
                    ? "select connection, object, source_id, case when standardized is null then fields::text end,"
                    + " standardized from match_index_record where rule = ?"
                    : "select connection, object, source_id, fields::text, null::text[] from match_index_record where rule = ?")) {
                query.setFetchSize(FETCH_SIZE);
                query.setString(1, rule);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        java.sql.Array values = rs.getArray(5);
                        String fields = rs.getString(4);
                        sink.accept(new IndexRecord(new SourceRef(rs.getString(1), rs.getString(2), rs.getString(3)),
                                fields == null ? null : parse(fields), values == null ? null : (String[]) values.getArray()));
                    }
                }
                connection.commit();
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the match index of rule " + rule + ": " + e.getMessage(), e);
        }
    }

    /**
     * A PostgreSQL array literal of text ({@code {"a",NULL,"b \"c\""}}), for COPY; null for none. Every element is
     * quoted, so empty strings, commas and braces in values need no special case.
     * https://www.postgresql.org/docs/current/arrays.html#ARRAYS-IO
     */
    static String arrayLiteral(String[] values) {
        if (values == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(16 * values.length).append('{');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            String v = values[i];
            if (v == null) {
                b.append("NULL");
                continue;
            }
            b.append('"');
            if (v.indexOf('"') < 0 && v.indexOf('\\') < 0) {
                b.append(v); // the usual value: copied whole, not a character at a time
            } else {
                for (int k = 0; k < v.length(); k++) {
                    char c = v.charAt(k);
                    if (c == '"' || c == '\\') {
                        b.append('\\');
                    }
                    b.append(c);
                }
            }
            b.append('"');
        }
        return b.append('}').toString();
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

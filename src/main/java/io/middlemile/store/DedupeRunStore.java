package io.middlemile.store;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The runs of {@code middlemile dedupe NAME} (tables {@code dedupe_runs} and {@code dedupe_run_items}): each run's figures,
 * and its clusters to merge and pairs for review as JSON, one row each (packed, {@link PackedText}), so a page of a large
 * run is read without the rest.
 * The store does not interpret the items; {@code io.middlemile.dedupe.PlanJson} writes and reads them. The newest runs
 * of each rule are kept, as many as its file's {@code keepRuns} says.
 */
@Component
public class DedupeRunStore {

    public static final String CLUSTER = "cluster";
    public static final String REVIEW = "review";
    private static final int COPY_CHUNK_BYTES = 1 << 20;
    /** Items packed at once, a few megabytes of text. */
    private static final int PACK_BATCH = 2048;

    /**
     * One run.
     *
     * @param clusters clusters of two or more records in the auto-merge band
     * @param reviews  pairs in the review band
     * @param stats    the run's figures (pairs compared, blocks skipped, timings, ...)
     */
    public record DedupeRun(long id, String rule, java.time.Instant ranAt, String workspaceVersion, long records, int clusters,
                            int reviews, Map<String, Object> stats) {
    }

    private static final String COLUMNS = "id, rule, ran_at, workspace_version, records, clusters, reviews, stats::text";
    private static final RowMapper<DedupeRun> RUN = (rs, n) -> new DedupeRun(rs.getLong(1), rs.getString(2),
            rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getLong(5), rs.getInt(6), rs.getInt(7), Json.read(rs.getString(8)));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public DedupeRunStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Saves a run with its items (JSON texts in UTF-8, in plan order) and drops the rule's runs older than the newest {@code keep},
     * in one transaction: a page never shows a run with half its clusters. The space of dropped runs goes back to the
     * table right after ({@link Vacuum}), for the next run to take. The items are streamed with COPY, a chunk at a
     * time, so {@code clusters} and {@code reviews} may be lazy views that write each text when asked for it (a million
     * contacts make two hundred thousand clusters: as inserts they took twenty seconds, and as texts held at once
     * hundreds of megabytes).
     *
     * @param stats JSON object of the run's figures
     * @param keep  how many of the rule's newest runs stay, this one among them (its file's {@code keepRuns})
     * @return the run's id
     */
    public long save(String rule, String workspaceVersion, long records, String stats, List<byte[]> clusters, List<byte[]> reviews,
                     int keep) {
        long[] dropped = {0};
        Long id = transactions.execute(status -> {
            Long run = jdbc.queryForObject("insert into dedupe_runs (rule, workspace_version, records, clusters, reviews, stats)"
                    + " values (?, ?, ?, ?, ?, ?::jsonb) returning id", Long.class, rule, workspaceVersion, records, clusters.size(),
                    reviews.size(), stats);
            // the transaction's own connection, so the items commit or roll back with the run
            jdbc.execute((ConnectionCallback<Void>) connection -> {
                copyItems(connection, run, clusters, reviews);
                return null;
            });
            // the rule's runs beyond the newest keep go, with their items (no foreign key does it: checking one for each
            // copied row cost a large run's end a fifth of the store's CPU)
            dropped[0] = jdbc.update("with dropped as (delete from dedupe_runs where rule = ? and id not in (select id from"
                    + " dedupe_runs where rule = ? order by ran_at desc, id desc limit ?) returning id)"
                    + " delete from dedupe_run_items where run_id in (select id from dropped)", rule, rule, keep);
            return run;
        });
        if (dropped[0] > 0) {
            Vacuum.reclaim(jdbc.getDataSource(), "the runs of rule " + rule + " beyond the newest " + keep, "dedupe_run_items",
                    "dedupe_runs");
        }
        return id == null ? -1 : id;
    }

    /** https://www.postgresql.org/docs/current/sql-copy.html (binary format: the packed items go as they are) */
    private static void copyItems(Connection connection, long run, List<byte[]> clusters, List<byte[]> reviews) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("copy dedupe_run_items (run_id, kind, position, packed) from stdin with (format binary)");
        try {
            BinaryCopy rows = new BinaryCopy();
            for (List<byte[]> items : List.of(clusters, reviews)) {
                String kind = items == clusters ? CLUSTER : REVIEW;
                for (int from = 0; from < items.size(); from += PACK_BATCH) {
                    // the texts are read in order (a plan file may be written as they are), then packed on every core
                    byte[][] texts = new byte[Math.min(PACK_BATCH, items.size() - from)][];
                    for (int i = 0; i < texts.length; i++) {
                        texts[i] = items.get(from + i);
                    }
                    byte[][] packed = new byte[texts.length][];
                    IntStream.range(0, texts.length).parallel().forEach(i -> packed[i] = PackedText.pack(texts[i]));
                    for (int i = 0; i < texts.length; i++) {
                        rows.row(4).int8(run).text(kind).int4(from + i).bytes(packed[i]);
                        if (rows.length() > COPY_CHUNK_BYTES) {
                            rows.sendTo(copy);
                        }
                    }
                }
            }
            rows.finish(copy);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** The newest runs, of one rule or (rule null) of every rule, newest first. */
    public List<DedupeRun> runs(String rule, int limit) {
        return rule == null
                ? jdbc.query("select " + COLUMNS + " from dedupe_runs order by ran_at desc, id desc limit ?", RUN, limit)
                : jdbc.query("select " + COLUMNS + " from dedupe_runs where rule = ? order by ran_at desc, id desc limit ?", RUN, rule,
                limit);
    }

    public Optional<DedupeRun> run(long id) {
        return jdbc.query("select " + COLUMNS + " from dedupe_runs where id = ?", RUN, id).stream().findFirst();
    }

    /** A page of a run's items of one kind ({@link #CLUSTER} or {@link #REVIEW}), in plan order, as JSON texts. */
    public List<String> items(long run, String kind, int offset, int limit) {
        // runs saved before items were packed (V30) keep their text
        return jdbc.query("select item, packed from dedupe_run_items where run_id = ? and kind = ? order by position"
                + " offset ? limit ?", (rs, i) -> {
                    String item = rs.getString(1);
                    return item != null ? item : PackedText.unpack(rs.getBytes(2));
                }, run, kind, offset, limit);
    }
}

package io.middlemile.store;

import io.middlemile.model.SourceRef;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Enrichment lookups a connection's policy held back for review (table {@code enrich_held}), each with the record it was
 * for: the job's run after the review is decided makes an approved one, whether or not its source reads the record
 * again (an incremental reader reads only records changed since the last run), and drops a rejected one.
 */
@Component
public class EnrichHeldStore {

    /**
     * One lookup held back.
     *
     * @param review    the review item it waits on
     * @param runId     the run that held it back (last)
     * @param recordKey the record's key in the page it was read in
     * @param values    the record's canonical values as that run read them
     * @param origin    where the job read the record: it is read again there to write what the lookup finds
     * @param location  where in the source, for messages; or null
     */
    public record Held(long id, String job, String waterfall, String connection, String lookupKey, long review, long runId,
                       String recordKey, Map<String, Object> values, SourceRef origin, String location) {
    }

    /**
     * A held lookup whose review a person decided (or that expired).
     *
     * @param decidedBy    who decided ("middlemile" for an expiry)
     * @param carriedOutBy the run that made the approved lookup already (it met the same lookup), or null
     */
    public record Reviewed(Held held, ReviewItem.Status decision, String decidedBy, Long carriedOutBy) {
    }

    private static final String COLUMNS = "h.id, h.job, h.waterfall, h.connection, h.lookup_key, h.review_id, h.run_id, h.record_key,"
            + " h.record_values::text, h.source_connection, h.source_object, h.source_id, h.location";
    private static final RowMapper<Held> ROW = (rs, n) -> new Held(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getString(8), Json.read(rs.getString(9)),
            new SourceRef(rs.getString(10), rs.getString(11), rs.getString(12)), rs.getString(13));

    private final JdbcTemplate jdbc;

    public EnrichHeldStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Keeps a held lookup; it replaces the row of the same job, waterfall, provider and identity (the latest review is the one). */
    public void hold(Held held) {
        jdbc.update("insert into enrich_held (job, waterfall, connection, lookup_key, review_id, run_id, record_key, record_values,"
                        + " source_connection, source_object, source_id, location) values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)"
                        + " on conflict (job, waterfall, connection, lookup_key) do update set review_id = excluded.review_id,"
                        + " run_id = excluded.run_id, record_key = excluded.record_key, record_values = excluded.record_values,"
                        + " source_connection = excluded.source_connection, source_object = excluded.source_object,"
                        + " source_id = excluded.source_id, location = excluded.location, held_at = now()",
                held.job(), held.waterfall(), held.connection(), held.lookupKey(), held.review(), held.runId(), held.recordKey(),
                Json.write(held.values()), held.origin().connection(), held.origin().object(), held.origin().sourceId(), held.location());
    }

    /** The held lookups of a job's waterfall whose review is no longer pending, oldest first, at most {@code limit}. */
    public List<Reviewed> decided(String job, String waterfall, int limit) {
        return jdbc.query("select " + COLUMNS + ", r.status, r.decided_by, r.applied_run_id from enrich_held h"
                        + " join reviews r on r.id = h.review_id where h.job = ? and h.waterfall = ? and r.status <> ?"
                        + " order by h.id limit ?",
                (rs, n) -> {
                    long applied = rs.getLong(16);
                    Long carriedOutBy = rs.wasNull() ? null : applied;
                    return new Reviewed(ROW.mapRow(rs, n), ReviewItem.Status.fromWire(rs.getString(14)), rs.getString(15), carriedOutBy);
                }, job, waterfall, ReviewItem.Status.PENDING.wire(), limit);
    }

    /** The review items the held lookups of a job's waterfall still wait on, by provider connection. */
    public Map<String, Set<Long>> waiting(String job, String waterfall) {
        Map<String, Set<Long>> waiting = new LinkedHashMap<>();
        jdbc.query("select h.connection, h.review_id from enrich_held h join reviews r on r.id = h.review_id"
                        + " where h.job = ? and h.waterfall = ? and r.status = ? order by h.id",
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> waiting.computeIfAbsent(rs.getString(1),
                        k -> new LinkedHashSet<>()).add(rs.getLong(2)), job, waterfall, ReviewItem.Status.PENDING.wire());
        return waiting;
    }

    /** The run that carried out an approved review item (made its lookup), or null when none did. */
    public Long carriedOutBy(long review) {
        List<Long> runs = jdbc.query("select applied_run_id from reviews where id = ? and applied_run_id is not null",
                (rs, n) -> rs.getLong(1), review);
        return runs.isEmpty() ? null : runs.get(0);
    }

    /**
     * Forgets a held lookup, unless it was held back again meanwhile (its row waits on another review item now); true when
     * it was forgotten.
     */
    public boolean drop(long id, long review) {
        return jdbc.update("delete from enrich_held where id = ? and review_id = ?", id, review) == 1;
    }
}

package io.middlemile.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The review queue: writes waiting for a person, and what the person decided. */
@Component
public class ReviewStore {

    private static final String COLUMNS = "id, run_id, job, connection, object, record_key, action, before::text, after::text, rule,"
            + " status, created_at, expires_at, decided_at, decided_by, note, reason, actor, approving_by";

    private final JdbcTemplate jdbc;

    public ReviewStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Parks a write, unless the same write is already waiting (a scheduled job meeting the same change
     * again must not flood the queue): then the waiting item's id is returned, and the item now belongs to the run that
     * parked it last (its run, job, actor, reason and rule), since that run still wants the change: rolling back the run that
     * parked it first leaves it waiting, rolling back the later run withdraws it.
     */
    public long park(ReviewItem item, Duration expiresAfter) {
        // one statement: an item withdrawn or decided between finding it and taking it over, or one an approval is writing, is
        // not taken over, and the change is parked anew below (a rollback of the first run must not take this run's change with it)
        List<Long> waiting = jdbc.queryForList("update reviews set run_id = ?, job = ?, actor = ?, reason = ?, rule = ?,"
                        + " parked_at = now() where id = (select id from reviews where status = ? and connection = ? and object = ?"
                        + " and record_key = ? and action = ? and after = ?::jsonb and approving_by is null order by id limit 1)"
                        + " and status = ? and approving_by is null returning id", Long.class,
                item.runId(), item.job(), item.actor(), item.reason(), item.rule(), ReviewItem.Status.PENDING.wire(), item.connection(),
                item.object(), item.recordKey(), item.action(), Json.write(item.after()), ReviewItem.Status.PENDING.wire());
        if (!waiting.isEmpty()) {
            return waiting.get(0);
        }
        Long id = jdbc.queryForObject("insert into reviews (run_id, job, connection, object, record_key, action, before, after, rule,"
                        + " expires_at, reason, actor) values (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?) returning id", Long.class,
                item.runId(), item.job(), item.connection(), item.object(), item.recordKey(), item.action(),
                Json.write(item.before()), Json.write(item.after()), item.rule(), Timestamp.from(Instant.now().plus(expiresAfter)),
                item.reason(), item.actor());
        return id == null ? -1 : id;
    }

    /**
     * The latest decision on this same write (record, action and values) if a person rejected it: the write
     * is not parked again until the values change, or the queue refills with decisions already made.
     */
    public Optional<ReviewItem> rejected(String connection, String object, String recordKey, String action, java.util.Map<String, Object> after) {
        return jdbc.query("select " + COLUMNS + " from reviews where connection = ? and object = ? and record_key = ? and action = ?"
                        + " and after = ?::jsonb and status <> ? order by id desc limit 1", ROW,
                connection, object, recordKey, action, Json.write(after), ReviewItem.Status.PENDING.wire()).stream()
                .filter(item -> item.status() == ReviewItem.Status.REJECTED).findFirst();
    }

    /**
     * The approved items for this record and action at this connection and object that no run has carried out yet, oldest
     * first: the caller picks the one whose values cover the call it is about to make ({@code GovernedCalls}), then takes it
     * with {@link #carriedOut}. Reading takes nothing, so a call that a cap then stops leaves its approval as it was.
     */
    public List<ReviewItem> approvedNotCarriedOut(String connection, String object, String recordKey, String action) {
        return jdbc.query("select " + COLUMNS + " from reviews where connection = ? and object = ? and record_key = ? and action = ?"
                        + " and status = ? and applied_run_id is null order by id", ROW,
                connection, object, recordKey, action, ReviewItem.Status.APPROVED.wire());
    }

    /** Records the run that carried out an approved item; false when another run did already. */
    public boolean carriedOut(long id, long runId) {
        return jdbc.update("update reviews set applied_run_id = ? where id = ? and status = ? and applied_run_id is null", runId, id,
                ReviewItem.Status.APPROVED.wire()) == 1;
    }

    /** Marks pending items past their expiry as expired; returns how many. */
    public int expire() {
        return jdbc.update("update reviews set status = ?, decided_at = now(), decided_by = 'middlemile',"
                + " note = 'nobody decided before it expired' where status = ? and expires_at < now() and approving_by is null",
                ReviewItem.Status.EXPIRED.wire(), ReviewItem.Status.PENDING.wire());
    }

    /** Items with this status, or all items when {@code status} is null. */
    /** How many items have this status, without reading them (the console's header and the metrics ask on every call). */
    public long count(ReviewItem.Status status) {
        Long n = jdbc.queryForObject("select count(*) from reviews where status = ?", Long.class, status.wire());
        return n == null ? 0 : n;
    }

    public List<ReviewItem> list(ReviewItem.Status status) {
        return status == null
                ? jdbc.query("select " + COLUMNS + " from reviews order by id", ROW)
                : jdbc.query("select " + COLUMNS + " from reviews where status = ? order by id", ROW, status.wire());
    }

    public Optional<ReviewItem> find(long id) {
        return jdbc.query("select " + COLUMNS + " from reviews where id = ?", ROW, id).stream().findFirst();
    }

    /** Records a decision on a pending item; false when it was no longer pending. */
    public boolean decide(long id, ReviewItem.Status status, String by, String note, Long appliedRunId) {
        return jdbc.update("update reviews set status = ?, decided_at = now(), decided_by = ?, note = ?, applied_run_id = ?"
                + " where id = ? and status = ?", status.wire(), by, note, appliedRunId, id, ReviewItem.Status.PENDING.wire()) == 1;
    }

    /**
     * Takes a pending item of {@code job} for an approval about to write its change, under that job's review lock: until
     * {@link #settleClaimed} or {@link #release}, no run of another job takes it over (one parking the same change parks a new
     * item) and it does not expire, so every other decision on it (a rejection, a rollback's withdrawal) waits for the same
     * lock. The approval writes before it records its decision; a rollback of a run that took the item over meanwhile would
     * hold another job's lock. A claim left by an approval whose process died is taken over: a live one would hold the lock.
     * False when the item is no longer pending, or no longer {@code job}'s (V40).
     */
    public boolean claim(long id, String by, String job) {
        return jdbc.update("update reviews set approving_by = ? where id = ? and status = ? and job = ?", by, id,
                ReviewItem.Status.PENDING.wire(), job) == 1;
    }

    /** Records the decision of the approval that {@link #claim claimed} the item, and lets the item go. */
    public boolean settleClaimed(long id, ReviewItem.Status status, String by, String note, Long appliedRunId) {
        return jdbc.update("update reviews set status = ?, decided_at = now(), decided_by = ?, note = ?, applied_run_id = ?,"
                + " approving_by = null where id = ? and status = ? and approving_by is not null", status.wire(), by, note, appliedRunId,
                id, ReviewItem.Status.PENDING.wire()) == 1;
    }

    /** Lets a claimed item go undecided: its approval stopped before it wrote anything (the kill switch, a cap). */
    public void release(long id) {
        jdbc.update("update reviews set approving_by = null where id = ? and status = ?", id, ReviewItem.Status.PENDING.wire());
    }

    /**
     * What a rollback of run {@code runId} withdraws, oldest first: the items it parked that nobody decided yet, and those
     * approved that no run has carried out yet (a send or a lookup the next run would make).
     */
    public List<ReviewItem> withdrawableOf(long runId) {
        return jdbc.query("select " + COLUMNS + " from reviews where run_id = ? and " + WITHDRAWABLE + " order by id", ROW, runId,
                ReviewItem.Status.PENDING.wire(), ReviewItem.Status.APPROVED.wire());
    }

    /**
     * As {@link #withdrawableOf(long)}, for the items parked for {@code actor} since a time: a rollback of the actor's window.
     * An item the actor took over in the window (it parked the same change again) is in it, whenever it was first created (V39).
     */
    public List<ReviewItem> withdrawableOf(String actor, Instant since) {
        return jdbc.query("select " + COLUMNS + " from reviews where actor = ? and parked_at >= ? and " + WITHDRAWABLE
                + " order by id", ROW, actor, Timestamp.from(since), ReviewItem.Status.PENDING.wire(), ReviewItem.Status.APPROVED.wire());
    }

    /** Pending, or approved and carried out by no run (only approved sends and lookups wait for a run to carry them out). */
    private static final String WITHDRAWABLE = "(status = ? or (status = ? and applied_run_id is null))";

    /**
     * Withdraws an item as a rollback read it, if it still stands so: the same status, still of the same run (a later run
     * that parked the same change took it over: it is that run's now), and carried out by no run (a run that made an approved
     * send or lookup meanwhile made it: the rollback of that run undoes it). False when it no longer stands so. An approval
     * writing it holds the same job's review lock ({@link #claim}), which the withdrawal waits for.
     */
    public boolean withdraw(ReviewItem read, String by, String note) {
        return jdbc.update("update reviews set status = ?, decided_at = now(), decided_by = ?, note = ?"
                        + " where id = ? and run_id = ? and status = ? and status in (?, ?) and applied_run_id is null",
                ReviewItem.Status.WITHDRAWN.wire(), by, note, read.id(), read.runId(), read.status().wire(),
                ReviewItem.Status.PENDING.wire(), ReviewItem.Status.APPROVED.wire()) == 1;
    }

    private static final RowMapper<ReviewItem> ROW = (rs, n) -> new ReviewItem(rs.getLong(1), rs.getLong(2), rs.getString(3),
            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), Json.read(rs.getString(8)), Json.read(rs.getString(9)),
            rs.getString(10), ReviewItem.Status.fromWire(rs.getString(11)), rs.getTimestamp(12).toInstant(), rs.getTimestamp(13).toInstant(),
            rs.getTimestamp(14) == null ? null : rs.getTimestamp(14).toInstant(), rs.getString(15), rs.getString(16),
            rs.getString(17), rs.getString(18), rs.getString(19));

    /**
     * Gives back approvals run {@code runId} took for calls it did not make after all (the provider put them off or could
     * not take the call, the journal could not record them): each waits, approved, for the run that makes its call, instead
     * of the call being parked for a second review. Named by review item, as the run took them: an approval this run used
     * for a call it did make, or one another run took, is never given back. Returns how many approvals were given back.
     */
    public int giveBackApprovals(long runId, Collection<Long> reviewIds) {
        if (reviewIds.isEmpty()) {
            return 0;
        }
        return jdbc.update("update reviews set applied_run_id = null where id = any(?::bigint[]) and applied_run_id = ? and status = ?",
                reviewIds.toArray(Long[]::new), runId, ReviewItem.Status.APPROVED.wire());
    }
}

package io.middlemile.store;

import io.middlemile.model.SourceRef;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of each job that were rejected and not written or skipped since: what
 * {@code middlemile job retry-failed NAME} reads again. {@link RunStore#commitPage} settles a page's
 * outcomes here in the same transaction as the outcomes themselves, so the queue and
 * {@code record_outcomes} never disagree, whichever run (regular or retry) settles a record.
 */
@Component
public class RetryQueue {

    /**
     * One pending record.
     *
     * @param firstFailedRun the run that rejected it first
     * @param lastRun        the run that rejected it last
     * @param attempts       how many runs rejected it
     * @param unreadable     the source's reader could not parse it (a malformed CSV row): only a fix at the source helps
     * @param lifecycle      what its source said of its existence when it failed ({@link RecordOutcome#lifecycle}), or null
     */
    public record Entry(String job, SourceRef ref, String location, long firstFailedRun, long lastRun, int attempts,
                        String lastReason, String raw, boolean unreadable, String lifecycle) {
    }

    private final JdbcTemplate jdbc;

    public RetryQueue(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Settles one committed page of a job: rejected records are queued (or their attempts counted),
     * written and skipped ones leave the queue. Call inside the page's transaction. Costs one
     * indexed lookup per page when the job has nothing pending, whatever the page size.
     */
    void settle(String job, long runId, List<RecordOutcome> outcomes) {
        // the last outcome of a source id on the page is what holds (a file may repeat an id)
        Map<List<String>, RecordOutcome> last = new LinkedHashMap<>();
        boolean anyRejected = false;
        for (RecordOutcome outcome : outcomes) {
            SourceRef ref = outcome.ref();
            last.put(List.of(ref.connection(), ref.object(), ref.sourceId()), outcome);
            anyRejected |= outcome.outcome() == RecordOutcome.Outcome.REJECTED;
        }
        if (hasPending(job)) {
            Map<List<String>, List<String>> resolvedByObject = new LinkedHashMap<>();
            for (RecordOutcome outcome : last.values()) {
                if (outcome.outcome() != RecordOutcome.Outcome.REJECTED) {
                    resolvedByObject.computeIfAbsent(List.of(outcome.ref().connection(), outcome.ref().object()), k -> new ArrayList<>())
                            .add(outcome.ref().sourceId());
                }
            }
            clearLinesReadCleanly(job, runId, outcomes);
            delete(job, resolvedByObject, "source_id = any(?)");
        }
        if (!anyRejected) {
            return;
        }
        List<Object[]> rejected = new ArrayList<>();
        for (RecordOutcome outcome : last.values()) {
            if (outcome.outcome() == RecordOutcome.Outcome.REJECTED) {
                SourceRef ref = outcome.ref();
                rejected.add(new Object[] {job, ref.connection(), ref.object(), ref.sourceId(), outcome.location(), runId, runId,
                        outcome.reason(), outcome.raw(), outcome.unreadable(), outcome.lifecycle()});
            }
        }
        jdbc.batchUpdate("insert into retry_queue (job, connection, object, source_id, location, first_failed_run, last_run,"
                + " last_reason, raw, unreadable, lifecycle) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " on conflict (job, connection, object, source_id) do update set location = excluded.location,"
                + " last_run = excluded.last_run, attempts = retry_queue.attempts + 1, last_reason = excluded.last_reason,"
                + " raw = excluded.raw, unreadable = excluded.unreadable, lifecycle = excluded.lifecycle,"
                + " last_failed_at = now()", rejected);
    }

    /**
     * A row its file's reader could not parse is queued by its line ({@code line-29}: it had no id to read). A regular run
     * that reads that line cleanly (the row fixed in the file) takes the line off the queue; the row is settled under its
     * id like any other. Only a regular run: a retry reads the file for the queued records alone, so a line that reads
     * cleanly there may be another row after rows above it were removed, while the unparseable row moved up, unread.
     */
    private void clearLinesReadCleanly(String job, long runId, List<RecordOutcome> outcomes) {
        Map<List<String>, List<String>> readLocations = new LinkedHashMap<>();
        for (RecordOutcome outcome : outcomes) {
            if (!outcome.unreadable() && outcome.outcome() != null && outcome.location() != null) {
                readLocations.computeIfAbsent(List.of(outcome.ref().connection(), outcome.ref().object()), k -> new ArrayList<>())
                        .add(outcome.location());
            }
        }
        if (readLocations.isEmpty() || !Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from retry_queue"
                + " where job = ? and unreadable) and exists (select 1 from job_runs where id = ? and kind = 'run')", Boolean.class, job, runId))) {
            return;
        }
        delete(job, readLocations, "unreadable and source_id like 'line-%' and location = any(?)");
    }

    /**
     * What applying a plan did to its job's retry queue.
     *
     * @param retry       the plan is a retry's, which is about the queue alone: what is still pending is worth saying
     *                    even when it settled nothing
     * @param left        entries that left it: the plan wrote them (the apply made their writes) or skipped them
     * @param failedAgain entries the plan rejected again, counted as one more attempt
     * @param held        entries the plan would write that stay: the apply did not make a write of theirs (or, for a plan
     *                    that does not name each write's source record, did not make every write of the plan)
     */
    public record PlanSettled(boolean retry, int left, int failedAgain, int held) {
    }

    /**
     * The source records of a plan whose writes its apply did not make (a conflict, a write the policy or the target
     * refused), each with why.
     *
     * @param unknown the apply did not make a write whose source record the plan does not name (a plan saved before plans
     *                named them): which records were not written cannot be told, so every record the plan would write stays
     */
    public record NotWritten(Map<SourceRef, String> records, boolean unknown) {

        /** The apply made, or found made, every write of the plan. */
        public static final NotWritten NONE = new NotWritten(Map.of(), false);
        public static final NotWritten UNKNOWN = new NotWritten(Map.of(), true);

        public NotWritten {
            records = Map.copyOf(records);
        }
    }

    /**
     * Settles the queued records of a plan (run {@code planRun}: {@code job retry-failed NAME --plan FILE} or
     * {@code job run NAME --plan FILE}) once the plan was applied, as the retry or the run would have settled them had it
     * written: a record the plan skipped (nothing to write, gone from the source) leaves the queue; one it rejected stays
     * with one more attempt, its reason the plan's; one it would write leaves, unless it is in {@code notWritten}: then it
     * stays with the apply's reason and its attempts as they were. A record whose write was not made is never dropped, and
     * one whose writes were all made is not read and written again by the next retry. Call inside a transaction.
     *
     * <p>Only entries the plan read are touched (it has an outcome for them), that were queued before it and not failed
     * again by a run since (whose word is newer than the plan's). A rejection is counted once, however often the plan is
     * applied: the entry's {@code last_run} becomes the plan's run. A record a regular plan rejected that was not queued is
     * not queued here: the plan did not move the job's cursor, so the job's next run reads it again and queues it.
     *
     * @return null when {@code planRun} is not a plan of {@code job} in this store (a plan made elsewhere): its records are
     *         not this queue's to settle
     */
    PlanSettled settlePlan(String job, long planRun, NotWritten notWritten) {
        List<String> kind = jdbc.queryForList("select kind from job_runs where id = ? and job = ? and kind in ('retry', 'plan')"
                + " and status = 'planned'", String.class, planRun, job);
        if (kind.isEmpty()) {
            return null;
        }
        boolean retry = kind.get(0).equals("retry");
        if (!hasPending(job)) {
            // most jobs have nothing queued: a regular plan of a million records is not joined against an empty queue
            return new PlanSettled(retry, 0, 0, 0);
        }
        // by the plan's own outcomes (indexed by run): a retry's plan has one for each readable entry it read, a regular
        // run's plan for the records its read reached, queued or not
        String saw = " q.job = ? and q.last_run < ? and q.first_failed_run < ?";
        String outcome = "select 1 from record_outcomes o where o.run_id = ? and o.connection = q.connection and o.object = q.object"
                + " and o.source_id = q.source_id and o.outcome ";
        int failedAgain = jdbc.update("update retry_queue q set attempts = q.attempts + 1, last_run = o.run_id, last_reason = o.reason,"
                + " last_failed_at = now() from record_outcomes o where o.run_id = ? and o.outcome = 'rejected'"
                + " and o.connection = q.connection and o.object = q.object and o.source_id = q.source_id and" + saw,
                planRun, job, planRun, planRun);
        int skipped = jdbc.update("delete from retry_queue q where" + saw + " and exists (" + outcome + "= 'skipped')"
                + " and not exists (" + outcome + "= 'rejected')", job, planRun, planRun, planRun, planRun);
        String wouldWrite = " and exists (" + outcome + "= 'written') and not exists (" + outcome + "<> 'written')";
        String toWrite = " from retry_queue q where" + saw + wouldWrite;
        if (notWritten.unknown()) {
            Integer held = jdbc.queryForObject("select count(*)" + toWrite, Integer.class, job, planRun, planRun, planRun, planRun);
            return new PlanSettled(retry, skipped, failedAgain, held == null ? 0 : held);
        }
        if (notWritten.records().isEmpty()) {
            int written = jdbc.update("delete" + toWrite, job, planRun, planRun, planRun, planRun);
            return new PlanSettled(retry, skipped + written, failedAgain, 0);
        }
        // the records whose writes were not made stay, saying why; the others' writes were all made, so they leave
        List<SourceRef> refs = List.copyOf(notWritten.records().keySet());
        int held = 0;
        for (int count : jdbc.batchUpdate("update retry_queue q set last_reason = ?, last_failed_at = now() where q.connection = ?"
                + " and q.object = ? and q.source_id = ? and" + saw + wouldWrite, refs.stream().map(ref -> new Object[] {
                        notWritten.records().get(ref), ref.connection(), ref.object(), ref.sourceId(), job, planRun, planRun, planRun,
                        planRun}).toList())) {
            held += Math.max(0, count);
        }
        int written = jdbc.update(connection -> {
            PreparedStatement statement = connection.prepareStatement("delete" + toWrite + " and (q.connection, q.object, q.source_id)"
                    + " not in (select * from unnest(?::text[], ?::text[], ?::text[]))");
            statement.setString(1, job);
            for (int i = 2; i <= 5; i++) {
                statement.setLong(i, planRun);
            }
            statement.setArray(6, connection.createArrayOf("text", refs.stream().map(SourceRef::connection).toArray()));
            statement.setArray(7, connection.createArrayOf("text", refs.stream().map(SourceRef::object).toArray()));
            statement.setArray(8, connection.createArrayOf("text", refs.stream().map(SourceRef::sourceId).toArray()));
            return statement;
        });
        return new PlanSettled(retry, skipped + written, failedAgain, held);
    }

    /** Deletes the job's entries of each {connection, object} whose {@code condition} holds for its values (one array parameter). */
    private void delete(String job, Map<List<String>, List<String>> valuesByObject, String condition) {
        valuesByObject.forEach((object, values) -> jdbc.update(connection -> {
            PreparedStatement statement = connection.prepareStatement("delete from retry_queue where job = ? and connection = ?"
                    + " and object = ? and " + condition);
            statement.setString(1, job);
            statement.setString(2, object.get(0));
            statement.setString(3, object.get(1));
            statement.setArray(4, connection.createArrayOf("text", values.toArray()));
            return statement;
        }));
    }

    private boolean hasPending(String job) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from retry_queue where job = ?)", Boolean.class, job));
    }

    /** The job's pending records, oldest failure first. */
    public List<Entry> pending(String job) {
        return jdbc.query("select job, connection, object, source_id, location, first_failed_run, last_run, attempts, last_reason,"
                + " raw, unreadable, lifecycle from retry_queue where job = ? order by first_failed_run, location, source_id",
                ENTRY, job);
    }

    /**
     * Queues a record that was written without values a provider found only later (an enrichment answered after the
     * run that asked): reading it again writes them, from the cache, paying nothing.
     *
     * @param run the run that left it pending
     */
    public void readAgain(String job, SourceRef ref, String location, long run, String reason) {
        jdbc.update("insert into retry_queue (job, connection, object, source_id, location, first_failed_run, last_run, last_reason)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (job, connection, object, source_id) do update"
                + " set last_reason = excluded.last_reason, last_failed_at = now()", job, ref.connection(), ref.object(), ref.sourceId(),
                location, run, run, reason);
    }

    /** Whether the job has pending records a read can settle (not only rows waiting for a fix in their file). */
    public boolean anyReadable(String job) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from retry_queue where job = ? and not unreadable)",
                Boolean.class, job));
    }

    /** Pending records per job, for jobs that have any. */
    public Map<String, Long> pendingCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query("select job, count(*) from retry_queue group by job order by job",
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> counts.put(rs.getString(1), rs.getLong(2)));
        return counts;
    }

    private static final RowMapper<Entry> ENTRY = (rs, n) -> new Entry(rs.getString(1),
            new SourceRef(rs.getString(2), rs.getString(3), rs.getString(4)), rs.getString(5), rs.getLong(6), rs.getLong(7),
            rs.getInt(8), rs.getString(9), rs.getString(10), rs.getBoolean(11), rs.getString(12));
}

package io.middlemile.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.model.SourceRef;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Job runs, their per-record outcomes and their resume checkpoints. A page is committed in one
 * transaction (outcomes, counts, checkpoint), so after a crash the store says exactly which records
 * were settled and where to resume.
 */
@Component
public class RunStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, job, source_connection, source_object, status, started_at, ended_at, read_count,"
            + " written_count, skipped_count, rejected_count, pages, attempts, workspace_version, error";

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final JournalStore journal;
    private final RetryQueue retries;
    /** The jobs whose lock this process holds now (a cluster node reports them with its heartbeats). */
    private final java.util.Set<String> held = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public RunStore(DataSource dataSource, JdbcTemplate jdbc, TransactionTemplate transactions, JournalStore journal,
                    RetryQueue retries) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.journal = journal;
        this.retries = retries;
    }

    /** Takes the job's lock, or returns empty when another process is running the job. */
    public Optional<JobLock> tryLock(String job) {
        try {
            Connection connection = dataSource.getConnection();
            long key = lockKey(job);
            try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
                statement.setLong(1, key);
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    if (result.getBoolean(1)) {
                        held.add(job);
                        return Optional.of(new JobLock(connection, key, () -> held.remove(job)));
                    }
                }
            }
            connection.close();
            return Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not take the lock for job " + job + ": " + e.getMessage(), e);
        }
    }

    /** The jobs this process is running now, i.e. whose lock it holds. */
    public java.util.Set<String> heldJobs() {
        return java.util.Set.copyOf(held);
    }

    private static long lockKey(String job) {
        long hash = 1125899906842597L;
        for (int i = 0; i < job.length(); i++) {
            hash = 31 * hash + job.charAt(i);
        }
        return hash;
    }

    public JobRun start(String job, String connection, String object, String workspaceVersion) {
        return start(job, connection, object, workspaceVersion, "run");
    }

    /**
     * @param kind run (a job run), plan (a job run that only plans), retry (a run of a job's failed records), reassign
     *             (a run of a departed owner's leads), apply, rollback or review (writes made by those commands)
     */
    public JobRun start(String job, String connection, String object, String workspaceVersion, String kind) {
        Long id = jdbc.queryForObject("insert into job_runs (job, source_connection, source_object, status, workspace_version, host, kind)"
                        + " values (?, ?, ?, 'running', ?, ?, ?) returning id", Long.class,
                job, connection, object, workspaceVersion, host(), kind);
        return find(id).orElseThrow();
    }

    /**
     * The job run that did not finish (its process died, a provider quota paused it, or the kill
     * switch halted it), if any: the next run resumes it.
     */
    public Optional<JobRun> unfinished(String job) {
        return jdbc.query("select " + COLUMNS + " from job_runs where job = ? and kind = 'run'"
                        + " and status in ('running', 'paused', 'halted') order by id desc limit 1",
                ROW, job).stream().findFirst();
    }

    public JobRun resume(long runId) {
        jdbc.update("update job_runs set attempts = attempts + 1, host = ?, status = 'running', error = null, ended_at = null"
                + " where id = ?", host(), runId);
        return find(runId).orElseThrow();
    }

    public Optional<JobRun> find(long runId) {
        return jdbc.query("select " + COLUMNS + " from job_runs where id = ?", ROW, runId).stream().findFirst();
    }

    public Optional<Checkpoint> checkpoint(long runId) {
        try {
            return Optional.ofNullable(jdbc.queryForObject("select cursor, sink_states::text from run_checkpoints where run_id = ?",
                    (rs, n) -> new Checkpoint(rs.getString(1), parse(rs.getString(2))), runId));
        } catch (EmptyResultDataAccessException e) {
            return Optional.empty();
        }
    }

    /**
     * Commits one page: its record outcomes, the run's counts, the results of its journaled writes and
     * the checkpoint to resume from, in one transaction. Call only after the page's writes are durable.
     */
    public void commitPage(long runId, List<RecordOutcome> outcomes, Checkpoint checkpoint, List<JournalStore.EntryResult> results) {
        commitPage(runId, null, outcomes, checkpoint, results);
    }

    /**
     * Settles a retry's records in its job's retry queue once the retry has finished ({@link RetryQueue#settle}): a retry
     * is not resumed, so a page it committed before it stopped may never reach its target (a file is published when the
     * run ends), and its records must stay queued until a retry gets through.
     */
    public void settleRetry(String job, long runId, List<RecordOutcome> outcomes) {
        transactions.executeWithoutResult(status -> retries.settle(job, runId, outcomes));
    }

    /**
     * Settles the queued records of a plan (a retry's or a regular run's) in its job's retry queue once the plan was applied
     * ({@link RetryQueue#settlePlan}), in one transaction; null when {@code planRun} is not a plan of {@code job} in this store.
     *
     * @param notWritten the plan's records whose writes the apply did not make: they stay queued
     */
    public RetryQueue.PlanSettled settleRetryPlan(String job, long planRun, RetryQueue.NotWritten notWritten) {
        return transactions.execute(status -> retries.settlePlan(job, planRun, notWritten));
    }

    /**
     * Commits one page as above and, when {@code retryJob} is set, settles the page's records in that
     * job's retry queue in the same transaction (rejected ones queued, written and skipped ones
     * resolved). A run that only plans passes null: it settles nothing for real.
     */
    public void commitPage(long runId, String retryJob, List<RecordOutcome> outcomes, Checkpoint checkpoint,
                           List<JournalStore.EntryResult> results) {
        transactions.executeWithoutResult(status -> {
            copyOutcomes(runId, outcomes);
            journal.results(results);
            if (retryJob != null) {
                retries.settle(retryJob, runId, outcomes);
            }
            count(runId, outcomes, 1);
            jdbc.update("insert into run_checkpoints (run_id, cursor, sink_states, updated_at) values (?, ?, ?::jsonb, now())"
                            + " on conflict (run_id) do update set cursor = excluded.cursor, sink_states = excluded.sink_states,"
                            + " updated_at = now()",
                    runId, checkpoint.cursor(), json(checkpoint.sinkStates()));
        });
    }

    /**
     * Records what a command's run (an apply, a review decision, a rollback, an agent's call) did to each record, and counts
     * it, in one transaction: such a run reads no pages and keeps no checkpoint, and its writer settles its journal entries.
     */
    public void recordOutcomes(long runId, List<RecordOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            copyOutcomes(runId, outcomes);
            count(runId, outcomes, 0);
        });
    }

    /** Adds the outcomes to the run's counts, and {@code pages} to its pages. */
    private void count(long runId, List<RecordOutcome> outcomes, int pages) {
        long written = 0;
        long skipped = 0;
        long rejected = 0;
        for (RecordOutcome outcome : outcomes) {
            switch (outcome.outcome()) {
                case WRITTEN -> written++;
                case SKIPPED -> skipped++;
                case REJECTED -> rejected++;
            }
        }
        jdbc.update("update job_runs set read_count = read_count + ?, written_count = written_count + ?,"
                        + " skipped_count = skipped_count + ?, rejected_count = rejected_count + ?, pages = pages + ? where id = ?",
                outcomes.size(), written, skipped, rejected, pages, runId);
    }

    private void copyOutcomes(long runId, List<RecordOutcome> outcomes) {
        CopyText rows = new CopyText();
        for (RecordOutcome outcome : outcomes) {
            SourceRef ref = outcome.ref();
            rows.value(runId).value(ref.connection()).value(ref.object()).value(ref.sourceId()).value(outcome.location())
                    .value(outcome.outcome().db()).value(outcome.reason()).value(outcome.raw()).endRow();
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            rows.copyInto(connection, "record_outcomes (run_id, connection, object, source_id, location, outcome, reason, raw)");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not store record outcomes of run " + runId + ": " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** The job's records waiting for {@code middlemile job retry-failed}. */
    public List<RetryQueue.Entry> pendingRetries(String job) {
        return retries.pending(job);
    }

    public JobRun finish(long runId, JobRun.Status status, String error) {
        jdbc.update("update job_runs set status = ?, ended_at = now(), error = ? where id = ?", status.db(), error, runId);
        return find(runId).orElseThrow();
    }

    /** The latest run of every job that has run. */
    public List<JobRun> latestPerJob() {
        return jdbc.query("select distinct on (job) " + COLUMNS + " from job_runs where kind = 'run' order by job, id desc", ROW);
    }

    /**
     * The latest runs across jobs, of every kind, newest first: at most {@code limit}, of one status when given, started
     * at or after {@code since} when given.
     */
    public List<JobRun> recent(JobRun.Status status, Instant since, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from job_runs where true");
        List<Object> arguments = new ArrayList<>();
        if (status != null) {
            sql.append(" and status = ?");
            arguments.add(status.db());
        }
        if (since != null) {
            sql.append(" and started_at >= ?");
            arguments.add(Timestamp.from(since));
        }
        sql.append(" order by id desc limit ?");
        arguments.add(limit);
        return jdbc.query(sql.toString(), ROW, arguments.toArray());
    }

    public List<JobRun> history(String job, int limit) {
        return jdbc.query("select " + COLUMNS + " from job_runs where job = ? order by id desc limit ?", ROW, job, limit);
    }

    public List<RecordOutcome> outcomes(long runId, RecordOutcome.Outcome outcome) {
        return outcomes(runId, outcome, 0, Integer.MAX_VALUE);
    }

    /** One page of a run's outcomes of one kind, in file/record order. */
    public List<RecordOutcome> outcomes(long runId, RecordOutcome.Outcome outcome, int offset, int limit) {
        return jdbc.query("select connection, object, source_id, location, outcome, reason, raw from record_outcomes"
                        + " where run_id = ? and outcome = ? order by location offset ? limit ?",
                (rs, n) -> new RecordOutcome(new SourceRef(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getString(4),
                        RecordOutcome.Outcome.valueOf(rs.getString(5).toUpperCase()), rs.getString(6), rs.getString(7)),
                runId, outcome.db(), offset, limit);
    }

    /** Written records that carry notes (values kept although invalid, unmapped picklist values), first {@code limit}. */
    public List<RecordOutcome> flagged(long runId, int limit) {
        return jdbc.query("select connection, object, source_id, location, outcome, reason, raw from record_outcomes"
                        + " where run_id = ? and outcome = 'written' and reason is not null order by location limit ?",
                (rs, n) -> new RecordOutcome(new SourceRef(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getString(4),
                        RecordOutcome.Outcome.WRITTEN, rs.getString(6), rs.getString(7)),
                runId, limit);
    }

    /** Records skipped for a reason someone should read (a policy, a review, a delete not carried over), not as unchanged or moot. */
    public List<RecordOutcome> skippedForAReason(long runId, int limit) {
        return jdbc.query("select connection, object, source_id, location, outcome, reason, raw from record_outcomes"
                        + " where run_id = ? and outcome = 'skipped' and reason not like 'unchanged%' and reason not like 'nothing to do%' order by location limit ?",
                (rs, n) -> new RecordOutcome(new SourceRef(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getString(4),
                        RecordOutcome.Outcome.SKIPPED, rs.getString(6), rs.getString(7)),
                runId, limit);
    }

    public long skippedForAReasonCount(long runId) {
        Long count = jdbc.queryForObject("select count(*) from record_outcomes where run_id = ? and outcome = 'skipped'"
                + " and reason not like 'unchanged%' and reason not like 'nothing to do%'", Long.class, runId);
        return count == null ? 0 : count;
    }

    public long flaggedCount(long runId) {
        Long count = jdbc.queryForObject("select count(*) from record_outcomes where run_id = ? and outcome = 'written'"
                + " and reason is not null", Long.class, runId);
        return count == null ? 0 : count;
    }

    private static final RowMapper<JobRun> ROW = (rs, n) -> new JobRun(rs.getLong(1), rs.getString(2), rs.getString(3),
            rs.getString(4), JobRun.Status.valueOf(rs.getString(5).toUpperCase()), instant(rs.getTimestamp(6)),
            instant(rs.getTimestamp(7)), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(12),
            rs.getInt(13), rs.getString(14), rs.getString(15));

    private static java.time.Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /**
     * A run with what the cluster's status needs beyond {@link JobRun}: its kind (see {@link #start}) and the engine process
     * that ran it last ({@link #process}: a node's, or a command-line `job run`'s).
     */
    public record RunBy(JobRun run, String kind, String process) {

        /** Only a regular run resumes from its checkpoint; a retry, a plan and a reassign are never resumed ({@link #unfinished}). */
        public boolean resumable() {
            return "run".equals(kind);
        }
    }

    /** The job's newest run of any kind, with its kind and process, if it ever ran. */
    public Optional<RunBy> newestBy(String job) {
        return jdbc.query("select " + COLUMNS + ", kind, host from job_runs where job = ? order by id desc limit 1", RUN_BY, job)
                .stream().findFirst();
    }

    /** The process's runs still marked running that nothing resumes: retries, plans and reassigns (by job_runs_host_idx). */
    public List<RunBy> runningNotResumableBy(String process) {
        return jdbc.query("select " + COLUMNS + ", kind, host from job_runs where host = ? and status = 'running'"
                + " and kind in ('retry', 'plan', 'reassign') order by id", RUN_BY, process);
    }

    /**
     * Every process's runs still marked running that nothing resumes: retries, plans and reassigns, a handful at most. A
     * cluster node asks it after each heartbeat ({@code SilentNodeRuns}), so it reads the running runs' own index (V38), not
     * job_runs whole.
     */
    public List<RunBy> runningNotResumable() {
        return jdbc.query("select " + COLUMNS + ", kind, host from job_runs where status = 'running'"
                + " and kind in ('retry', 'plan', 'reassign') order by id", RUN_BY);
    }

    /**
     * Ends a retry, plan or reassign run whose process stopped mid-run (a cluster node or a command-line process that
     * died), as failed with {@code reason}: nothing resumes such a run, and left running it would count as running for good. The job's retry
     * queue is not touched: a retry settles its records only once it finished ({@link #settleRetry}), so every record it
     * had taken stays queued. Returns false when the run is no longer running (it ended meanwhile) or resumable.
     */
    public boolean endInterrupted(long runId, String reason) {
        return jdbc.update("update job_runs set status = 'failed', ended_at = now(), error = ? where id = ? and status = 'running'"
                + " and kind in ('retry', 'plan', 'reassign')", reason, runId) == 1;
    }

    /**
     * Whether some engine process (this one included) holds the job's lock ({@link #tryLock}) now, asked without taking it:
     * taking it, even for a moment, could turn a schedule's firing away as busy.
     */
    public boolean lockHeld(String job) {
        long key = lockKey(job);
        // a bigint advisory key shows in pg_locks as its high and low 32 bits, objsubid 1; every database's locks show there
        // https://www.postgresql.org/docs/current/view-pg-locks.html
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from pg_locks where locktype = 'advisory'"
                + " and database = (select oid from pg_database where datname = current_database())"
                + " and classid::bigint = ? and objid::bigint = ? and objsubid = 1 and granted)", Boolean.class,
                key >>> 32, key & 0xffffffffL));
    }

    private static final RowMapper<RunBy> RUN_BY = (rs, n) -> new RunBy(ROW.mapRow(rs, n), rs.getString(16), rs.getString(17));

    /** The latest run, finished or not, of the engine process {@link #process named}: what a cluster node ran last. */
    public Optional<JobRun> latestOf(String process) {
        return jdbc.query("select " + COLUMNS + " from job_runs where host = ? order by id desc limit 1", ROW, process).stream().findFirst();
    }

    /** How a run records the engine process that ran it (job_runs.host): its host name and process id. */
    public static String process(String host, long pid) {
        return host + " pid " + pid;
    }

    private static String host() {
        try {
            return process(java.net.InetAddress.getLocalHost().getHostName(), ProcessHandle.current().pid());
        } catch (java.net.UnknownHostException e) {
            return "pid " + ProcessHandle.current().pid();
        }
    }

    private static String json(Map<String, String> states) {
        try {
            return JSON.writeValueAsString(states);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt checkpoint in the store: " + e.getMessage(), e);
        }
    }
}

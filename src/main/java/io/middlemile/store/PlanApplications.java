package io.middlemile.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What earlier applies of one saved plan did ({@code middlemile apply FILE}), read back from the journal and the review
 * queue, so that applying the plan again makes only what they left undone, as a rollback repeated undoes only what the
 * earlier one left alone. The apply names the plan in the decision of every write it journals ("auto via apply of
 * plan.json (planned in run 2 at 2026-12-06T22:59:11Z)"): the plan's run and time tell it from any other plan of the job.
 */
@Component
public class PlanApplications {

    /**
     * A write an earlier apply of the plan made: the journal says it was applied.
     *
     * @param key     as the plan keys it: a create's placeholder ({@code new:...}), not the id the target gave the record
     * @param runId   the apply's run
     * @param startedAt when that run started
     */
    public record Made(String connection, String object, String key, String action, long runId, Instant startedAt) {
    }

    private final JdbcTemplate jdbc;

    public PlanApplications(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The writes that applies ({@code applyJob}, run kind apply) after run {@code planRun} made for the plan whose journal
     * decisions end in {@code planned}, oldest first.
     */
    public List<Made> made(String applyJob, long planRun, String planned) {
        // by run: the journal is indexed by run, and an apply's runs by job; the latest result holds (a file's writes can be
        // withdrawn after the run applied them)
        return jdbc.query("select j.connection, j.object, j.record_key, j.action, j.run_id, r.started_at from journal j"
                        + " join job_runs r on r.id = j.run_id where r.job = ? and r.kind = 'apply' and r.id > ?"
                        + " and right(j.decision, ?) = ? and (select x.result from journal_results x where x.entry_id = j.id"
                        + " order by x.recorded_at desc, x.result limit 1) = 'applied' order by j.id",
                (rs, n) -> new Made(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                        rs.getTimestamp(6).toInstant()),
                applyJob, planRun, planned.length(), planned);
    }

    /**
     * Whether an apply ({@code applyJob}) after run {@code planRun} parked this very write for review (the same record,
     * action and values), whatever became of it since: a person has it, or had it, and parking it again would ask twice.
     */
    public boolean parked(String applyJob, long planRun, String connection, String object, String key, String action,
                          Map<String, Object> after) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from reviews v join job_runs r on r.id = v.run_id"
                        + " where r.job = ? and r.kind = 'apply' and r.id > ? and v.connection = ? and v.object = ? and v.record_key = ?"
                        + " and v.action = ? and v.after = ?::jsonb)", Boolean.class, applyJob, planRun, connection, object, key, action,
                Json.write(after)));
    }
}

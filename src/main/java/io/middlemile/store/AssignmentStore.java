package io.middlemile.store;

import io.middlemile.model.SourceRef;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The leads the hub gave an owner (table {@code assignments}): who holds which lead of a rule set, since which
 * day, and by which rule. Jobs read it under the rule set's rotation lock ({@link RotationStore#withRotation}), so
 * two engine processes count the same workloads and a lead read again keeps its owner. {@code assign reassign} closes
 * a departed owner's rows as it gives their leads new owners, and a rollback undoes both ({@link #undo}). A page whose
 * writes never happened (the run halted or failed before committing it) takes back both at once ({@link #forget}).
 */
@Component
public class AssignmentStore {

    /**
     * One lead's assignment.
     *
     * @param lead       the record as read from its source
     * @param day        the day (UTC) it was given, for leadsPerDay
     * @param reason     the decision: the rule that fired and why the earlier ones did not
     * @param ownerEmail the owner's email the lead was given (the owner list's then, which may change since), or null
     * @param ownerCrmId the owner's CRM id the lead was given, or null
     */
    public record Assignment(long id, long runId, String job, String ruleSet, SourceRef lead, String owner, String rule, String reason,
                             LocalDate day, boolean open, String ownerEmail, String ownerCrmId) {
    }

    private static final String COLUMNS = "id, run_id, job, rule_set, source_connection, source_object, source_id, owner, rule, reason,"
            + " day, open, owner_email, owner_crm_id";

    /** What rolling a run back did to the assignments: the ones it made closed, the ones it closed open again. */
    public record Undone(int closed, int reopened) {
    }

    /** What forgetting a page that was not committed did: the assignments it made deleted, the ones it closed open again. */
    public record Forgotten(int deleted, int reopened) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public AssignmentStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Records the assignments a plan made, when the plan is applied, as run {@code runId}'s given on {@code day}; a lead
     * given an owner since the plan was made (an open assignment in the rule set) keeps it. Returns how many were recorded.
     */
    public int recordApplied(List<Assignment> planned, long runId, LocalDate day) {
        int[][] counts = jdbc.batchUpdate("insert into assignments (run_id, job, rule_set, source_connection, source_object, source_id,"
                        + " owner, rule, reason, day, owner_email, owner_crm_id) select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? where not exists"
                        + " (select 1 from assignments"
                        + " where open and rule_set = ? and source_connection = ? and source_object = ? and source_id = ?)", planned, 500,
                (statement, a) -> {
                    Object[] values = {runId, a.job(), a.ruleSet(), a.lead().connection(), a.lead().object(), a.lead().sourceId(),
                            a.owner(), a.rule(), a.reason(), Date.valueOf(day), a.ownerEmail(), a.ownerCrmId(), a.ruleSet(),
                            a.lead().connection(), a.lead().object(),
                            a.lead().sourceId()};
                    for (int i = 0; i < values.length; i++) {
                        statement.setObject(i + 1, values[i]);
                    }
                });
        return java.util.Arrays.stream(counts).flatMapToInt(java.util.Arrays::stream).sum();
    }

    /** The open assignments of a rule set held by one owner, oldest first: what {@code assign reassign} moves. */
    public List<Assignment> heldBy(String ruleSet, String owner) {
        return jdbc.query("select " + COLUMNS + " from assignments where rule_set = ? and owner = ? and open order by id", ROW, ruleSet,
                owner);
    }

    /** The assignments a run made, oldest first. */
    public List<Assignment> madeBy(long runId) {
        return jdbc.query("select " + COLUMNS + " from assignments where run_id = ? order by id", ROW, runId);
    }

    /** Closes the open assignments of these leads in a rule set: run {@code runId} gives them to someone else. */
    public void close(String ruleSet, Collection<SourceRef> leads, long runId) {
        jdbc.batchUpdate("update assignments set open = false, closed_by_run = ? where rule_set = ? and source_connection = ?"
                        + " and source_object = ? and source_id = ? and open", leads, 500,
                (statement, lead) -> {
                    statement.setLong(1, runId);
                    statement.setString(2, ruleSet);
                    statement.setString(3, lead.connection());
                    statement.setString(4, lead.object());
                    statement.setString(5, lead.sourceId());
                });
    }

    /**
     * A person gave the lead to another owner in the target since the hub wrote its owner there, and run {@code runId}'s
     * write kept their choice: the lead's open assignment in the rule set is closed by the run, one the run itself made (a
     * reassign's move, never written) is deleted, and the lead is {@code owner}'s from now on, an open assignment of the run
     * with rule {@value #CHANGED_IN_TARGET}. So the next run keeps that owner and a reassign of the one before leaves the lead
     * alone; a rollback of the run gives the lead back to the one before, and the next run finds the person's change again.
     * Does nothing when the lead holds no open assignment in the rule set (another rule set's step wrote that owner).
     */
    public boolean changedInTarget(String ruleSet, SourceRef lead, long runId, String job, String owner, String reason, LocalDate day) {
        Boolean changed = transactions.execute(status -> {
            Object[] key = {ruleSet, lead.connection(), lead.object(), lead.sourceId()};
            String where = " where rule_set = ? and source_connection = ? and source_object = ? and source_id = ? and open";
            Integer open = jdbc.queryForObject("select count(*) from assignments" + where, Integer.class, key);
            if (open == null || open == 0) {
                return false;
            }
            jdbc.update("delete from assignments" + where + " and run_id = ?", ruleSet, lead.connection(), lead.object(),
                    lead.sourceId(), runId);
            jdbc.update("update assignments set open = false, closed_by_run = ?" + where, runId, ruleSet, lead.connection(),
                    lead.object(), lead.sourceId());
            record(List.of(new Assignment(0, runId, job, ruleSet, lead, owner, CHANGED_IN_TARGET, reason, day, true, null, null)));
            return true;
        });
        return Boolean.TRUE.equals(changed);
    }

    /** The rule of an assignment a person made in the target ({@link #changedInTarget}), not the hub's rules. */
    public static final String CHANGED_IN_TARGET = "changed in target";

    /**
     * Undoes a run's assignments when the run is rolled back: what it assigned is closed, and what it closed (a
     * reassign) is open again, unless the lead has been given to someone since. One transaction, so capacities
     * never count a lead twice. An undone row is closed with {@code closed_by_run} empty (an open row has none): that is
     * how {@link #leadsOn} knows the owner no longer has it, unlike a lead a later run moved on.
     */
    public Undone undo(long runId) {
        return transactions.execute(status -> {
            int closed = jdbc.update("update assignments set open = false where run_id = ? and open", runId);
            int reopened = jdbc.update("update assignments a set open = true, closed_by_run = null where a.closed_by_run = ?"
                    + " and not exists (select 1 from assignments b where b.open and b.rule_set = a.rule_set"
                    + " and b.source_connection = a.source_connection and b.source_object = a.source_object"
                    + " and b.source_id = a.source_id)", runId);
            return new Undone(closed, reopened);
        });
    }

    /**
     * Takes back what one page of run {@code runId} did in a rule set when the page was not committed (the kill switch, a
     * cap or a failed write stopped the run before its owners were written): the assignments it made for {@code given}
     * are deleted, as if never made, so they count in no workload; those it closed for {@code moved} (a reassign) are open
     * again, unless the lead has an open assignment since. Call with the rule set's rotation locked
     * ({@link RotationStore#withRotation}), so it commits or not with the rotation it puts back. A run's earlier pages,
     * committed with their writes, keep theirs.
     */
    public Forgotten forget(String ruleSet, long runId, Collection<SourceRef> given, Collection<SourceRef> moved) {
        int deleted = given.isEmpty() ? 0 : jdbc.update("delete from assignments a using unnest(?::text[], ?::text[], ?::text[]) as l(c, o, i)"
                        + " where a.source_connection = l.c and a.source_object = l.o and a.source_id = l.i and a.rule_set = ?"
                        + " and a.run_id = ? and a.open",
                connections(given), objects(given), ids(given), ruleSet, runId);
        int reopened = moved.isEmpty() ? 0 : jdbc.update("update assignments a set open = true, closed_by_run = null"
                        + " from unnest(?::text[], ?::text[], ?::text[]) as l(c, o, i)"
                        + " where a.source_connection = l.c and a.source_object = l.o and a.source_id = l.i and a.rule_set = ?"
                        + " and a.closed_by_run = ? and not exists (select 1 from assignments b where b.open and b.rule_set = a.rule_set"
                        + " and b.source_connection = a.source_connection and b.source_object = a.source_object"
                        + " and b.source_id = a.source_id)",
                connections(moved), objects(moved), ids(moved), ruleSet, runId);
        return new Forgotten(deleted, reopened);
    }

    /**
     * As {@link #forget}, for every page of run {@code runId} in a rule set: its open assignments deleted, the ones it
     * closed open again (unless the lead has an open assignment since). For a run none of whose writes took effect.
     */
    public Forgotten forgetRun(String ruleSet, long runId) {
        int deleted = jdbc.update("delete from assignments where rule_set = ? and run_id = ? and open", ruleSet, runId);
        int reopened = jdbc.update("update assignments a set open = true, closed_by_run = null where a.rule_set = ? and a.closed_by_run = ?"
                + " and not exists (select 1 from assignments b where b.open and b.rule_set = a.rule_set"
                + " and b.source_connection = a.source_connection and b.source_object = a.source_object"
                + " and b.source_id = a.source_id)", ruleSet, runId);
        return new Forgotten(deleted, reopened);
    }

    private static String[] connections(Collection<SourceRef> leads) {
        return leads.stream().map(SourceRef::connection).toArray(String[]::new);
    }

    private static String[] objects(Collection<SourceRef> leads) {
        return leads.stream().map(SourceRef::object).toArray(String[]::new);
    }

    private static String[] ids(Collection<SourceRef> leads) {
        return leads.stream().map(SourceRef::sourceId).toArray(String[]::new);
    }

    /** The open assignment of each of these leads in a rule set; leads without one are absent. */
    public Map<SourceRef, Assignment> open(String ruleSet, Collection<SourceRef> leads) {
        Map<SourceRef, Assignment> found = new HashMap<>();
        if (leads.isEmpty()) {
            return found;
        }
        String[] connections = connections(leads);
        String[] objects = objects(leads);
        String[] ids = ids(leads);
        jdbc.query("select " + COLUMNS + " from assignments a join unnest(?::text[], ?::text[], ?::text[]) as l(c, o, i)"
                        + " on a.source_connection = l.c and a.source_object = l.o and a.source_id = l.i where a.rule_set = ? and a.open",
                ROW, connections, objects, ids, ruleSet).forEach(assignment -> found.put(assignment.lead(), assignment));
        return found;
    }

    /** Open leads per owner, over every rule set: an owner's capacity is one person's, whichever rules fed them. */
    public Map<String, Integer> openLeads() {
        return counts("select owner, count(*) from assignments where open group by owner");
    }

    /**
     * Leads given per owner on {@code day}, over every rule set, moved ones included: they were received that day. One a
     * rollback undid is not: the owner never kept it. A closed row tells the two apart by {@code closed_by_run}: a move
     * ({@link #close}) names the run that moved the lead on, an {@link #undo} leaves it empty.
     */
    public Map<String, Integer> leadsOn(LocalDate day) {
        return counts("select owner, count(*) from assignments where day = ? and (open or closed_by_run is not null) group by owner",
                Date.valueOf(day));
    }

    /** Records new assignments; with the rotation's transaction they commit with the rotation they advanced. */
    public void record(List<Assignment> assignments) {
        jdbc.batchUpdate("insert into assignments (run_id, job, rule_set, source_connection, source_object, source_id, owner, rule, reason, day,"
                        + " owner_email, owner_crm_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", assignments, 500,
                (statement, a) -> {
                    statement.setLong(1, a.runId());
                    statement.setString(2, a.job());
                    statement.setString(3, a.ruleSet());
                    statement.setString(4, a.lead().connection());
                    statement.setString(5, a.lead().object());
                    statement.setString(6, a.lead().sourceId());
                    statement.setString(7, a.owner());
                    statement.setString(8, a.rule());
                    statement.setString(9, a.reason());
                    statement.setDate(10, Date.valueOf(a.day()));
                    statement.setString(11, a.ownerEmail());
                    statement.setString(12, a.ownerCrmId());
                });
    }

    private Map<String, Integer> counts(String sql, Object... args) {
        Map<String, Integer> counts = new HashMap<>();
        jdbc.query(sql, rs -> {
            counts.put(rs.getString(1), rs.getInt(2));
        }, args);
        return counts;
    }

    private static final RowMapper<Assignment> ROW = (rs, n) -> new Assignment(rs.getLong(1), rs.getLong(2), rs.getString(3),
            rs.getString(4), new SourceRef(rs.getString(5), rs.getString(6), rs.getString(7)), rs.getString(8), rs.getString(9),
            rs.getString(10), rs.getDate(11).toLocalDate(), rs.getBoolean(12), rs.getString(13), rs.getString(14));
}

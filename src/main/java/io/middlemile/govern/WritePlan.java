package io.middlemile.govern;

import io.middlemile.store.AssignmentStore;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Every write a job run would make, computed without making one (`middlemile job run NAME --plan FILE`),
 * saved as JSON and executable exactly with `middlemile apply FILE`.
 *
 * @param apiCalls    estimated API calls per connection (write batches plus reads of current state)
 * @param assignments the owners the run's {@code hub-assign} steps would give, recorded as assignments when the plan is
 *                    applied, so the job's next run keeps them (empty in plans without, and saved before it existed)
 * @param reassign    set in the plan of {@code assign reassign --plan}: its writes move a departed owner's leads, which
 *                    {@code apply} does not make (it would write the owners but leave the stored assignments with the
 *                    owner who left, so the job's next run would write them back); null in every other plan
 */
public record WritePlan(String job, long planRunId, String workspaceVersion, Instant createdAt, List<PlannedWrite> writes,
                        Map<String, Long> apiCalls, List<AssignmentStore.Assignment> assignments, Reassign reassign) {

    /** Whose leads a reassign plan moves: the rule set ({@code assign/NAME.yaml}) and the owner who left, as it names them. */
    public record Reassign(String ruleSet, String from) {
    }

    public WritePlan {
        assignments = assignments == null ? List.of() : List.copyOf(assignments);
    }

    public WritePlan(String job, long planRunId, String workspaceVersion, Instant createdAt, List<PlannedWrite> writes,
                     Map<String, Long> apiCalls, List<AssignmentStore.Assignment> assignments) {
        this(job, planRunId, workspaceVersion, createdAt, writes, apiCalls, assignments, null);
    }

    public WritePlan(String job, long planRunId, String workspaceVersion, Instant createdAt, List<PlannedWrite> writes,
                     Map<String, Long> apiCalls) {
        this(job, planRunId, workspaceVersion, createdAt, writes, apiCalls, List.of());
    }

    /** This plan marked as {@code assign reassign}'s, moving the leads of {@code from} under rule set {@code ruleSet}. */
    public WritePlan reassigning(String ruleSet, String from) {
        return new WritePlan(job, planRunId, workspaceVersion, createdAt, writes, apiCalls, assignments, new Reassign(ruleSet, from));
    }

    /** A plan with nothing to apply: no write, no owner assignment to record. */
    public boolean holdsNothing() {
        return writes.isEmpty() && assignments.isEmpty();
    }

    public long count(PolicyVerdict.Kind decision, String action) {
        return writes.stream().filter(w -> w.decision() == decision && (action == null || w.action().equals(action))).count();
    }
}

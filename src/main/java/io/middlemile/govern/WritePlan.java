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
 */
public record WritePlan(String job, long planRunId, String workspaceVersion, Instant createdAt, List<PlannedWrite> writes,
                        Map<String, Long> apiCalls, List<AssignmentStore.Assignment> assignments) {

    public WritePlan {
        assignments = assignments == null ? List.of() : List.copyOf(assignments);
    }

    public WritePlan(String job, long planRunId, String workspaceVersion, Instant createdAt, List<PlannedWrite> writes,
                     Map<String, Long> apiCalls) {
        this(job, planRunId, workspaceVersion, createdAt, writes, apiCalls, List.of());
    }

    /** A plan with nothing to apply: no write, no owner assignment to record. */
    public boolean holdsNothing() {
        return writes.isEmpty() && assignments.isEmpty();
    }

    public long count(PolicyVerdict.Kind decision, String action) {
        return writes.stream().filter(w -> w.decision() == decision && (action == null || w.action().equals(action))).count();
    }
}

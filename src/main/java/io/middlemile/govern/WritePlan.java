package io.middlemile.govern;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Every write a job run would make, computed without making one (`middlemile job run NAME --plan FILE`),
 * saved as JSON and executable exactly with `middlemile apply FILE`.
 *
 * @param apiCalls estimated API calls per connection (write batches plus reads of current state)
 */
public record WritePlan(String job, long planRunId, String workspaceVersion, Instant createdAt, List<PlannedWrite> writes,
                        Map<String, Long> apiCalls) {

    public long count(PolicyVerdict.Kind decision, String action) {
        return writes.stream().filter(w -> w.decision() == decision && (action == null || w.action().equals(action))).count();
    }
}

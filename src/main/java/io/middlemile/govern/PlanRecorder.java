package io.middlemile.govern;

import io.middlemile.connector.Provider;
import io.middlemile.connector.Providers;
import io.middlemile.model.SourceRef;
import io.middlemile.store.AssignmentStore;
import io.middlemile.store.JobRun;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a plan run collects instead of writing: every write with its verdict, and the API calls it would make. */
final class PlanRecorder {

    private final List<PlannedWrite> writes = new ArrayList<>();
    private final Map<String, Long> apiCalls = new TreeMap<>();
    private final List<AssignmentStore.Assignment> assignments = new ArrayList<>();

    /**
     * An archive has no after-image: the plan file shows it as no values. {@code origin} is the source record the write
     * came from (for a write the policy let through, parked or refused alike), or null: applying the plan settles each
     * queued record by whether its own writes were made.
     */
    void add(String connection, String object, RecordChange change, PolicyVerdict verdict, String source, SourceRef origin) {
        writes.add(new PlannedWrite(connection, object, change.key(), change.action().id(), change.before(),
                change.after() == null ? Map.of() : change.after(), verdict.kind(), verdict.rule(), source, change.matchOn(),
                change.reason(), origin));
    }

    /** Sends an outreach step would make: listed in the plan, never made by applying it. */
    void sends(List<PlannedWrite> planned) {
        writes.addAll(planned);
    }

    /** Owners a hub-assign step would give: kept in the plan, recorded when it is applied. */
    void assignments(List<AssignmentStore.Assignment> planned) {
        assignments.addAll(planned);
    }

    /** Counts API calls a connection would answer; a file connection (a type without baseUrl) costs none. */
    void calls(WriteTarget<?> target, long calls) {
        if (target.config() != null && callsAnApi(target.config().type()) && calls > 0) {
            apiCalls.merge(target.connection(), calls, Long::sum);
        }
    }

    private static boolean callsAnApi(String type) {
        return Providers.CATALOG.provider(type).map(Provider::needsBaseUrl).orElse(true);
    }

    WritePlan toPlan(JobRun run, String workspaceVersion) {
        return new WritePlan(run.job(), run.id(), workspaceVersion, Instant.now(), List.copyOf(writes), Map.copyOf(apiCalls),
                assignments);
    }

    static long batches(int records, int max) {
        return records == 0 ? 0 : (records + Math.max(1, max) - 1) / Math.max(1, max);
    }
}

package io.middlemile.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.middlemile.store.JobRun;
import io.middlemile.sync.ProgressListener;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Metrics of job runs, fed by the executor after every committed page like any progress listener:
 * {@code middlemile.records{job, outcome}} counts records read, written, skipped and rejected as pages commit, and
 * {@code middlemile.runs{job, status}} times each finished run. Thread-safe: runs of different jobs report at once.
 */
public final class RunMetrics implements ProgressListener {

    private static final String[] OUTCOMES = {"read", "written", "skipped", "rejected"};

    private final MeterRegistry registry;
    /** Per running run, the counts the last page reported, so a page adds only what is new. */
    private final Map<Long, long[]> reported = new ConcurrentHashMap<>();

    public RunMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void started(JobRun run, boolean resumed) {
        // a resumed run reports counts that include the pages of the process that died: count only what follows
        reported.put(run.id(), new long[] {run.read(), run.written(), run.skipped(), run.rejected()});
    }

    @Override
    public void page(JobRun run, long read, long written, long skipped, long rejected, double progress) {
        long[] now = {read, written, skipped, rejected};
        long[] before = reported.computeIfAbsent(run.id(), id -> new long[4]);
        for (int i = 0; i < OUTCOMES.length; i++) {
            if (now[i] > before[i]) {
                records(run.job(), OUTCOMES[i]).increment(now[i] - before[i]);
            }
        }
        reported.put(run.id(), now);
    }

    @Override
    public void finished(JobRun run) {
        reported.remove(run.id());
        Timer.builder("middlemile.runs").description("Job runs by how they ended, and how long they took")
                .tags("job", run.job(), "status", run.status().db())
                .register(registry).record(run.duration());
    }

    private Counter records(String job, String outcome) {
        return Counter.builder("middlemile.records").description("Records of job runs by outcome, counted as each page commits")
                .tags("job", job, "outcome", outcome).register(registry);
    }
}

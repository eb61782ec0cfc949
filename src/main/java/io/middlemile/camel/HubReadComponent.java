package io.middlemile.camel;

import io.middlemile.enrich.EnrichmentRuns;
import io.middlemile.store.JobRun;

import io.middlemile.sync.JobExecutor;
import io.middlemile.workspace.HubEndpoint;
import io.middlemile.workspace.Workspace;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/**
 * {@code hub-read:CONNECTION/OBJECT} starts a job: each poll is one job run that reads the object
 * page by page and sends each page down the route. Scheduling options are Camel's scheduled-poll
 * options ({@code delay}, {@code initialDelay}, {@code scheduler=spring&scheduler.cron=...}). In a cluster a job's
 * schedule is a trigger of the cluster's Quartz scheduler instead ({@link ClusteredSchedules}), built from the same
 * options.
 */
public class HubReadComponent extends DefaultComponent {

    private final JobExecutor executor;
    private final EngineMode mode;
    private final Workspace workspace;
    private final EnrichmentRuns enrichment;
    private final boolean clustered;

    /** @param enrichment the job runs' waterfalls, or null where no route enriches (a test's) */
    public HubReadComponent(JobExecutor executor, EngineMode mode, Workspace workspace, EnrichmentRuns enrichment) {
        this(executor, mode, workspace, enrichment, false);
    }

    /** @param clustered whether the jobs' schedules fire from the cluster's Quartz scheduler ({@link ClusteredSchedules}) */
    public HubReadComponent(JobExecutor executor, EngineMode mode, Workspace workspace, EnrichmentRuns enrichment, boolean clustered) {
        this.executor = executor;
        this.mode = mode;
        this.workspace = workspace;
        this.enrichment = enrichment;
        this.clustered = clustered;
    }

    /** Whether the jobs' schedules are the cluster's: one trigger per job in Quartz's clustered store. */
    boolean clustered() {
        return clustered && !mode.once();
    }

    /** Whether a job run's waterfalls queued records to be read again (late enrichment answers it collected). */
    boolean queuedToReadAgain(JobRun run) {
        return enrichment != null && enrichment.queuedToReadAgain(run.id(), run.job());
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        HubEndpoint parsed = HubEndpoint.require(HubEndpoint.Kind.READ, uri);
        HubReadEndpoint endpoint = new HubReadEndpoint(uri, this, parsed.target().orElseThrow(), executor, mode, workspace);
        // a poll time written as a duration (1h, PT15M) in milliseconds, which the scheduled-poll endpoint's setters take
        for (String time : HubEndpoint.POLL_TIMES) {
            if (parameters.get(time) instanceof String written && !written.strip().matches("\\d+")) {
                parameters.put(time, HubEndpoint.pollMillis(written).orElseThrow());
            }
        }
        setProperties(endpoint, parameters);
        return endpoint;
    }
}

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
 * options ({@code delay}, {@code initialDelay}, {@code scheduler=spring&scheduler.cron=...}).
 */
public class HubReadComponent extends DefaultComponent {

    private final JobExecutor executor;
    private final EngineMode mode;
    private final Workspace workspace;
    private final EnrichmentRuns enrichment;

    /** @param enrichment the job runs' waterfalls, or null where no route enriches (a test's) */
    public HubReadComponent(JobExecutor executor, EngineMode mode, Workspace workspace, EnrichmentRuns enrichment) {
        this.executor = executor;
        this.mode = mode;
        this.workspace = workspace;
        this.enrichment = enrichment;
    }

    /** Whether a job run's waterfalls queued records to be read again (late enrichment answers it collected). */
    boolean queuedToReadAgain(JobRun run) {
        return enrichment != null && enrichment.queuedToReadAgain(run.id(), run.job());
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        HubEndpoint parsed = HubEndpoint.require(HubEndpoint.Kind.READ, uri);
        HubReadEndpoint endpoint = new HubReadEndpoint(uri, this, parsed.target().orElseThrow(), executor, mode, workspace);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}

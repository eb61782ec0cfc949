package io.middlemile.camel;

import io.middlemile.model.Target;
import io.middlemile.sync.JobExecutor;
import io.middlemile.workspace.HubEndpoint;
import io.middlemile.workspace.Workspace;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.ScheduledPollEndpoint;

/** Endpoint of {@link HubReadComponent}; holds the source and the page size. */
public class HubReadEndpoint extends ScheduledPollEndpoint {

    private final Target source;
    private final JobExecutor executor;
    private final EngineMode mode;
    private final Workspace workspace;
    private int pageSize = 500;

    HubReadEndpoint(String uri, HubReadComponent component, Target source, JobExecutor executor, EngineMode mode,
                    Workspace workspace) {
        super(uri, component);
        this.workspace = workspace;
        this.source = source;
        this.executor = executor;
        this.mode = mode;
        // in `run` mode a job runs once at start and then every hour unless the route says otherwise
        setDelay(3_600_000L);
        setInitialDelay(1_000L);
    }

    public int getPageSize() {
        return pageSize;
    }

    /** Records per page: each page is written and committed before the next one is read. */
    public void setPageSize(int pageSize) {
        if (pageSize < 1 || pageSize > HubEndpoint.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be between 1 and " + HubEndpoint.MAX_PAGE_SIZE + ", got " + pageSize);
        }
        this.pageSize = pageSize;
    }

    Workspace workspace() {
        return workspace;
    }

    /** The connection and object the job reads. */
    Target source() {
        return source;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("hub-read can only start a route (from:); to write, use hub-write:CONNECTION/OBJECT");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        HubReadConsumer consumer = new HubReadConsumer(this, processor, executor, mode);
        configureConsumer(consumer);
        if (mode.once()) {
            // `middlemile job run` drives the run itself; the scheduler must not start a second one
            consumer.setStartScheduler(false);
        }
        return consumer;
    }
}

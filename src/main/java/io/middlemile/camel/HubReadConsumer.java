package io.middlemile.camel;

import io.middlemile.govern.EngineStopping;
import io.middlemile.govern.RunOutcome;
import io.middlemile.model.Target;
import io.middlemile.store.JobRun;
import io.middlemile.sync.Batch;
import io.middlemile.sync.JobExecutor;
import io.middlemile.sync.JobRequest;
import io.middlemile.sync.Reassignment;
import io.middlemile.sync.UnreadableRows;
import io.middlemile.sync.ProgressListener;
import io.middlemile.workspace.HubEndpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.support.ScheduledPollConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs the job when polled: every page read becomes one exchange whose body is a {@link Batch};
 * the page is committed when the route returns it.
 */
public class HubReadConsumer extends ScheduledPollConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(HubReadConsumer.class);

    private final HubReadEndpoint endpoint;
    private final JobExecutor executor;
    private final EngineMode mode;
    private volatile ProgressListener listener = new LoggingProgress();

    HubReadConsumer(HubReadEndpoint endpoint, Processor processor, JobExecutor executor, EngineMode mode) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.executor = executor;
        this.mode = mode;
    }

    public void setProgressListener(ProgressListener listener) {
        this.listener = listener;
    }

    /** In a cluster, the job polls when the cluster's Quartz trigger for its route fires, on one node at a time. */
    @Override
    protected void doStart() throws Exception {
        if (((HubReadComponent) endpoint.getComponent()).clustered()) {
            setScheduler(ClusteredSchedules.schedulerFor(getRoute().getRouteId(), endpoint));
        }
        super.doStart();
    }

    @Override
    protected int poll() {
        JobRun run = runJob(); // how it ended is logged by the executor and the progress listener
        return (int) Math.min(Integer.MAX_VALUE, run.read());
    }

    /**
     * Runs the job once on the calling thread and returns the finished run. When the run's waterfalls collected
     * answers that came after the runs that asked, the records those runs wrote without them are read again at
     * once (a retry run, as {@code middlemile job retry-failed} makes), and the values are written from the cache.
     */
    public JobRun runJob() {
        JobRun run = run(false, null, null);
        if (run.status() == JobRun.Status.SUCCEEDED && ((HubReadComponent) endpoint.getComponent()).queuedToReadAgain(run)) {
            LOG.info("Job {} run {} collected enrichment answers for records written earlier without them; reading them again now",
                    run.job(), run.id());
            JobRun again = runRetry();
            LOG.info("Job {} retry run {} (late enrichment answers) ended {}: read {}, written {}, rejected {}", again.job(), again.id(),
                    again.status().db(), again.read(), again.written(), again.rejected());
        }
        return run;
    }

    /**
     * Runs the job once over its pending failed records only ({@code middlemile job retry-failed}), through
     * the same route, and returns the finished run. The job's cursor does not move.
     */
    public JobRun runRetry() {
        return run(true, null, null);
    }

    /**
     * As {@link #runRetry()}, reusing the read of the source that {@code checked} made just before (the job's queue checked
     * for unreadable rows the file no longer holds), so the file is read once.
     */
    public JobRun runRetry(UnreadableRows checked) {
        return run(true, null, checked);
    }

    /**
     * Runs the job once over a departed owner's leads only ({@code middlemile assign reassign}), through the same route,
     * and returns the finished run. The job's cursor does not move.
     */
    public JobRun runReassign(Reassignment moving) {
        return run(false, moving, null);
    }

    private JobRun run(boolean retry, Reassignment moving, UnreadableRows checked) {
        Route route = getRoute();
        String job = route.getRouteId();
        boolean chosen = retry || moving != null;
        JobRequest request = new JobRequest(job, endpoint.source().connection(), endpoint.source().object(), endpoint.getPageSize(),
                sinksOf(route), !chosen && mode.fromStart(), mode.planFile(), retry, moving, checked);
        return executor.run(request, this::processPage, listener);
    }

    /**
     * Why a page failed, for the run's record and the log. Anything not classified fails the run; the cause chain is kept,
     * so a classified failure Camel wrapped still counts as itself. A page Camel refused, or a page whose thread was
     * interrupted, because the engine is shutting down (Ctrl-C, SIGTERM, a node leaving the cluster) pauses the run
     * instead: it was "failed on a page: null", or a sink's "ClosedByInterruptException, check free disk space", and a
     * failed run is not continued.
     */
    static RuntimeException pageFailure(String routeId, Exception failure, boolean stopping) {
        if (stopping && (failure instanceof RejectedExecutionException || interrupted(failure))) {
            return stopped(routeId, failure);
        }
        if (failure instanceof RuntimeException runtime && RunOutcome.classified(runtime) != null) {
            return runtime; // a halt or a classified provider failure: the executor ends the run as RunOutcome says
        }
        return new IllegalStateException("Route " + routeId + " failed on a page: " + failure.getMessage(), failure);
    }

    private static EngineStopping stopped(String routeId, Exception failure) {
        return new EngineStopping("Route " + routeId + " stopped in the middle of a run: the engine is shutting down."
                + " Nothing of the page it was on was committed; paused, the job's next run, on this engine or another node,"
                + " continues it from the last page committed.", failure);
    }

    /** Whether the failure comes from its thread being interrupted (Camel forcing a route to stop after its time-out). */
    private static boolean interrupted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException
                    || t instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    /** The engine is shutting down or the route is being stopped: Camel suspends the consumer before it waits for pages. */
    private boolean stopping() {
        return getEndpoint().getCamelContext().isStopping() || isStoppingOrStopped() || isSuspendingOrSuspended();
    }

    private Batch processPage(Batch batch) {
        if (stopping()) {
            // between two pages: the run pauses at the last page committed instead of running on until Camel's shutdown
            // time-out interrupts it in the middle of one (which failed it: a failed run is not continued)
            throw stopped(getRoute().getRouteId(), null);
        }
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setBody(batch);
            getProcessor().process(exchange);
            Exception failure = exchange.getException();
            if (failure != null) {
                throw pageFailure(getRoute().getRouteId(), failure, stopping());
            }
            Object body = exchange.getMessage().getBody();
            if (body != batch) {
                throw new IllegalStateException("Route " + getRoute().getRouteId() + " replaced the page with "
                        + (body == null ? "nothing" : body.getClass().getSimpleName())
                        + "; hub routes must pass the page on (use hub-map and hub-write steps)");
            }
            return batch;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Route " + getRoute().getRouteId() + " failed on a page: " + e.getMessage(), e);
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /** The objects written by the route's hub-write and hub-sync steps, as the workspace declares them. */
    private List<Target> sinksOf(Route route) {
        List<Target> sinks = new ArrayList<>();
        endpoint.workspace().route(route.getRouteId()).ifPresent(info -> info.endpoints().stream()
                .filter(hub -> hub.kind() == HubEndpoint.Kind.WRITE || hub.kind() == HubEndpoint.Kind.SYNC)
                .forEach(hub -> hub.target().ifPresent(sinks::add)));
        return sinks;
    }

    private static final class LoggingProgress implements ProgressListener {
        @Override
        public void finished(JobRun run) {
            LOG.info("Job {} run {} {}: read {}, written {}, skipped {}, rejected {} in {} s", run.job(), run.id(),
                    run.status().db(), run.read(), run.written(), run.skipped(), run.rejected(), run.duration().toSeconds());
        }
    }
}

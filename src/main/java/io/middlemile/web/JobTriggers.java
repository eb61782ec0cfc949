package io.middlemile.web;

import io.middlemile.camel.HubReadConsumer;
import io.middlemile.store.JobRun;
import io.middlemile.sync.JobBusyException;
import io.middlemile.sync.UnreadableRows;
import jakarta.annotation.PreDestroy;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts incremental runs of jobs when a provider says something changed, without making the caller
 * wait. Coalesces: while a job runs, any number of triggers make exactly one more run after it (the
 * run in progress may already have read past the change), and a job is never run twice at once by
 * this engine. A job whose lock is held ({@link JobBusyException}: its scheduled run in this engine, or a run in
 * another engine process) is asked again, with growing waits, until that run has ended and the triggered run has
 * read the change; never left to the next schedule, which may be hours away.
 */
@Component
public class JobTriggers {

    private static final Logger LOG = LoggerFactory.getLogger(JobTriggers.class);

    private final java.util.function.Consumer<String> runner;
    private final java.util.function.BiConsumer<String, UnreadableRows> retrier;
    private final java.util.function.BooleanSupplier ready;
    private final java.util.function.Predicate<String> started;
    /** The first wait after a busy job; it doubles up to {@link #MAX_BUSY_WAIT}. */
    private final Duration busyWait;
    private static final Duration MAX_BUSY_WAIT = Duration.ofSeconds(60);
    private final Map<String, AtomicBoolean> wanted = new ConcurrentHashMap<>();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "middlemile-triggered-run");
        thread.setDaemon(true);
        return thread;
    });

    @org.springframework.beans.factory.annotation.Autowired
    public JobTriggers(CamelContext camel) {
        this.runner = job -> runOnce(camel, job);
        this.retrier = (job, checked) -> retryOnce(camel, job, checked);
        this.ready = camel::isStarted;
        this.started = job -> camel.getRouteController().getRouteStatus(job) == ServiceStatus.Started;
        this.busyWait = Duration.ofSeconds(2);
    }

    /**
     * @param runner  runs one job once on the calling thread
     * @param started whether a job's route is started in this engine
     */
    JobTriggers(java.util.function.Consumer<String> runner, java.util.function.Predicate<String> started) {
        this(runner, job -> {
            throw new UnsupportedOperationException("this JobTriggers retries nothing");
        }, started);
    }

    /** @param retrier runs one job once over its pending failed records, on the calling thread */
    JobTriggers(java.util.function.Consumer<String> runner, java.util.function.Consumer<String> retrier,
                java.util.function.Predicate<String> started) {
        this(runner, retrier, started, Duration.ofSeconds(2));
    }

    /** @param busyWait the first wait before asking again for a job whose lock is held ({@link JobBusyException}) */
    JobTriggers(java.util.function.Consumer<String> runner, java.util.function.Consumer<String> retrier,
                java.util.function.Predicate<String> started, Duration busyWait) {
        this.runner = runner;
        this.retrier = (job, checked) -> retrier.accept(job);
        this.ready = () -> true;
        this.started = started;
        this.busyWait = busyWait;
    }

    /** False while the engine starts: the HTTP server answers before the routes that run jobs exist. */
    public boolean ready() {
        return ready.getAsBoolean();
    }

    /**
     * What to tell someone who asked this engine to run a job whose route it has not started.
     *
     * @param command the CLI command that runs it instead, e.g. {@code job run} or {@code job retry-failed}
     */
    public static String notStarted(String job, String command) {
        return "Job " + job + " is not started in this engine (autoStartup: false, or the engine is still starting); run it with"
                + " `middlemile " + command + " " + job + "`";
    }

    /** Whether the job's route is started in this engine, so it runs on its schedule and when triggered. */
    public boolean started(String job) {
        return started.test(job);
    }

    /**
     * Starts a run of the job over its pending failed records only, as {@code middlemile job retry-failed} does;
     * returns at once. A job running at that moment in this or another process makes the retry wait for nothing:
     * it is refused by the job's lock and logged, and the operator asks again.
     *
     * @param checked the job's queue as checked against its source just before ({@link UnreadableRows#check}): the retry
     *                reuses its read of the file
     * @return false when the job's route is not started (nothing was asked)
     */
    public boolean retry(String job, UnreadableRows checked) {
        if (!started.test(job)) {
            return false;
        }
        threads.submit(() -> retrier.accept(job, checked));
        return true;
    }

    /**
     * Whether a provider's change may run the job: only a started route runs; for another, logs that the change was
     * recorded and the job was not run.
     */
    public boolean wakeable(String job) {
        if (!started.test(job)) {
            LOG.info("Job {} reads the changed object but its route is not started (autoStartup: false, or stopped);"
                    + " the change was recorded and the job was not run. Run it with `middlemile job run {}`", job, job);
            return false;
        }
        return true;
    }

    /**
     * Asks for one more run of the job; returns at once. Only a started route runs: a job marked
     * {@code autoStartup: false} runs on demand, when a person says so, never because a provider called.
     *
     * @return false when the job's route is not started (nothing was asked)
     */
    public boolean trigger(String job) {
        if (!wakeable(job)) {
            return false;
        }
        wanted.computeIfAbsent(job, k -> new AtomicBoolean()).set(true);
        if (running.add(job)) {
            threads.submit(() -> drain(job));
        }
        return true;
    }

    private void drain(String job) {
        AtomicBoolean again = wanted.get(job);
        Duration wait = busyWait;
        try {
            while (again.getAndSet(false)) {
                try {
                    runner.accept(job);
                    wait = busyWait;
                } catch (JobBusyException e) {
                    if (wait.equals(busyWait)) {
                        LOG.info("Job {} was triggered while a run of it holds its lock (its schedule's, or another engine"
                                + " process's); it runs again once that run has ended, so the change is read", job);
                    }
                    again.set(true);
                    Thread.sleep(wait.toMillis());
                    wait = wait.multipliedBy(2).compareTo(MAX_BUSY_WAIT) > 0 ? MAX_BUSY_WAIT : wait.multipliedBy(2);
                }
            }
        } catch (InterruptedException e) {
            // the engine stops: the change stays recorded and the job's next run (here or on another node) reads it
            Thread.currentThread().interrupt();
            return;
        } finally {
            running.remove(job);
            // a trigger that came between the last check and the removal above gets its run
            if (again.get() && !threads.isShutdown() && running.add(job)) {
                threads.submit(() -> drain(job));
            }
        }
    }

    private static void runOnce(CamelContext camel, String job) {
        Route route = camel.getRoute(job);
        if (route == null || !(route.getConsumer() instanceof HubReadConsumer consumer)) {
            LOG.warn("Job {} was triggered by a webhook but is not a started hub-read route in this engine; nothing was run", job);
            return;
        }
        try {
            JobRun run = consumer.runJob();
            LOG.info("Job {} run {} (triggered by a webhook) ended {}: read {}, written {}, rejected {}", job, run.id(),
                    run.status().db(), run.read(), run.written(), run.rejected());
        } catch (JobBusyException e) {
            throw e; // drain asks again when that run has ended
        } catch (RuntimeException e) {
            LOG.error("Job {} (triggered by a webhook) could not run: {}", job, e.getMessage(), e);
        }
    }

    private static void retryOnce(CamelContext camel, String job, UnreadableRows checked) {
        Route route = camel.getRoute(job);
        if (route == null || !(route.getConsumer() instanceof HubReadConsumer consumer)) {
            LOG.warn("Job {} was asked to retry its failed records but is not a started hub-read route in this engine; nothing was run",
                    job);
            return;
        }
        try {
            JobRun run = consumer.runRetry(checked);
            LOG.info("Job {} retry run {} ended {}: retried {}, now written {}, skipped {}, still failing {}", job, run.id(),
                    run.status().db(), run.read(), run.written(), run.skipped(), run.rejected());
        } catch (JobBusyException e) {
            LOG.info("Job {} was asked to retry its failed records but is running now (in this or another engine process);"
                    + " ask again when that run ends", job);
        } catch (RuntimeException e) {
            LOG.error("Job {} could not retry its failed records: {}", job, e.getMessage(), e);
        }
    }

    /**
     * Waits until no triggered run is going or about to go in this engine, at most {@code timeout}; true when none is. For
     * a command about to end its engine (an outreach rehearsal), whose stop would otherwise cut a webhook's run short and
     * leave it paused for a next run that never comes.
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!running.isEmpty()) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }
}

package io.middlemile.camel;

import org.apache.camel.pollconsumer.quartz.QuartzScheduledPollConsumerScheduler;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * A cluster's job schedules: every hub-read job polls on a Quartz cron trigger kept in Quartz's clustered JDBC job
 * store ({@code qrtz_*} tables), named after the route, so all nodes share one trigger per job and Quartz fires it
 * on exactly one node at a time. When a node dies, the others notice within a few check-ins and take over its
 * triggers; a run it had in flight is fired again at once on another node (the job asks for recovery) and resumes
 * from its checkpoint. Camel's {@code camel-quartz} poll scheduler does the firing; the per-job advisory lock
 * stays the last guard.
 *
 * <p>A job's {@code delay} becomes the cron expression that fires at the same period (a delay must divide a minute,
 * an hour or a day); a route's own {@code scheduler.cron} (Quartz syntax) wins over it.
 *
 * @see <a href="https://www.quartz-scheduler.org/documentation/quartz-2.3.0/configuration/ConfigJDBCJobStoreClustering.html">Quartz:
 *     configure clustering with JDBC-JobStore</a>
 * @see <a href="https://camel.apache.org/components/latest/quartz-component.html">Camel Quartz: using QuartzScheduledPollConsumerScheduler</a>
 */
public final class ClusteredSchedules {

    /** The Quartz trigger group of the jobs' triggers. */
    static final String TRIGGER_GROUP = "middlemile-jobs";
    /** Every node is an instance of this one Quartz scheduler; they share its rows. */
    static final String SCHEDULER_NAME = "middlemile";
    private static final String DATA_SOURCE = "middlemile-store";

    private ClusteredSchedules() {
    }

    /**
     * The clustered Quartz scheduler of this node, reading and writing the job store through the engine's own pool.
     *
     * @param nodeId  this node's id: Quartz's instance id, unique among running nodes
     * @param threads how many jobs this node may run at once
     * @param checkin how often the node checks in with the cluster; a node silent for about two check-ins fails over
     */
    static StdSchedulerFactory schedulerFactory(DataSource dataSource, String nodeId, int threads, Duration checkin)
            throws SchedulerException {
        return schedulerFactory(dataSource, nodeId, threads, checkin, MISFIRE_THRESHOLD);
    }

    /**
     * How late a job's fire may be before Quartz counts it as missed. A job's run blocks its trigger (Camel's poll job
     * disallows concurrent runs), and the fires it skipped meanwhile were replayed one after another when it ended, each an
     * empty re-read: with Quartz's default of 60 s, a 5-s job that ran 36 s ran about 5 times more, a search each
     * (ClusterBenchmark: 96 empty runs of 20 jobs, 15 % more searches than one engine). Counted as missed, they are one
     * run at once (a cron trigger's default), then the job's own period again.
     */
    static final Duration MISFIRE_THRESHOLD = Duration.ofSeconds(5);

    static StdSchedulerFactory schedulerFactory(DataSource dataSource, String nodeId, int threads, Duration checkin,
                                                Duration misfireThreshold) throws SchedulerException {
        // Quartz looks data sources up by name; this one hands out the engine's pooled connections, which Quartz
        // commits itself (JobStoreTX) and must not close the pool with
        DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void shutdown() {
                // the pool belongs to the engine
            }

            @Override
            public void initialize() {
                // the pool is ready
            }
        });
        Properties properties = new Properties();
        properties.putAll(Map.of(
                "org.quartz.scheduler.instanceName", SCHEDULER_NAME,
                "org.quartz.scheduler.instanceId", nodeId,
                "org.quartz.scheduler.skipUpdateCheck", "true",
                "org.quartz.threadPool.threadCount", String.valueOf(threads),
                "org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX",
                "org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate",
                "org.quartz.jobStore.dataSource", DATA_SOURCE,
                "org.quartz.jobStore.tablePrefix", "qrtz_",
                "org.quartz.jobStore.isClustered", "true",
                "org.quartz.jobStore.clusterCheckinInterval", String.valueOf(checkin.toMillis())));
        properties.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(misfireThreshold.toMillis()));
        StdSchedulerFactory factory = new StdSchedulerFactory();
        factory.initialize(properties);
        return factory;
    }

    /** The poll scheduler of a job: its route's trigger in the clustered store, firing at the job's period. */
    static ScheduledPollConsumerScheduler schedulerFor(String routeId, HubReadEndpoint endpoint) {
        QuartzScheduledPollConsumerScheduler scheduler = new Recovering();
        scheduler.setTriggerId(routeId);
        scheduler.setTriggerGroup(TRIGGER_GROUP);
        Map<String, Object> own = endpoint.getSchedulerProperties();
        if (own == null || !own.containsKey("cron")) {
            // Camel binds the route's own scheduler.cron onto the scheduler when the consumer starts
            scheduler.setCron(cron(routeId, Duration.ofMillis(endpoint.getTimeUnit().toMillis(endpoint.getDelay()))));
        }
        scheduler.setJobParameters(Map.of());
        return scheduler;
    }

    /**
     * Camel's Quartz poll scheduler whose job asks for recovery, whatever {@code scheduler.job.*} a route adds: a run
     * in flight on a node that dies is fired again on another node as soon as the cluster notices.
     */
    public static final class Recovering extends QuartzScheduledPollConsumerScheduler {
        @Override
        public void setJobParameters(Map<String, Object> parameters) {
            Map<String, Object> all = new java.util.HashMap<>(parameters == null ? Map.of() : parameters);
            all.put("requestsRecovery", true);
            super.setJobParameters(all);
        }

        /**
         * Two nodes starting together both find the job's trigger missing and both store it; Quartz refuses the second
         * ({@link ObjectAlreadyExistsException}) and Camel would fail the whole engine's start. The trigger is there now,
         * stored by the other node, so starting again finds and keeps it.
         */
        @Override
        protected void doStart() throws Exception {
            try {
                super.doStart();
            } catch (Exception e) {
                if (!storedMeanwhile(e)) {
                    throw e;
                }
                super.doStart();
            }
        }

        private static boolean storedMeanwhile(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof ObjectAlreadyExistsException) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The Quartz cron expression that fires every {@code period}, starting on the minute, hour or day.
     *
     * @throws IllegalArgumentException for a period that does not divide a minute, an hour or a day
     */
    static String cron(String job, Duration period) {
        long seconds = period.toSeconds();
        if (period.toMillis() % 1000 == 0 && seconds > 0) {
            if (seconds < 60 && 60 % seconds == 0) {
                return "0/" + seconds + " * * * * ?";
            }
            if (seconds % 60 == 0 && seconds < 3600 && 60 % (seconds / 60) == 0) {
                return "0 0/" + seconds / 60 + " * * * ?";
            }
            if (seconds % 3600 == 0 && seconds < 86_400 && 24 % (seconds / 3600) == 0) {
                return "0 0 0/" + seconds / 3600 + " * * ?";
            }
            if (seconds == 86_400) {
                return "0 0 0 * * ?";
            }
        }
        throw new IllegalArgumentException("Job " + job + " runs every " + period.toMillis() + " ms (its delay), which a cluster"
                + " cannot schedule: in a cluster a job's period must divide a minute, an hour or a day (e.g. delay: 30000,"
                + " 900000 or 3600000). Change the route's delay, or give it a Quartz cron expression with"
                + " scheduler.cron, e.g. \"0 0/7 * * * ?\".");
    }
}

package io.middlemile.camel;

import io.middlemile.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job whose run outlasts its period is run once more when it ends, not once per fire it missed: each of those was an
 * empty re-read spending a search (ClusterBenchmark). The clustered store, the trigger kind and the blocking are
 * production's (Camel's poll job disallows concurrent runs); the threshold is shortened to keep the test short.
 */
class ClusteredMisfireTest {

    /** Start and end of each run, in ms since the epoch. */
    static final List<long[]> RUNS = new CopyOnWriteArrayList<>();

    @DisallowConcurrentExecution
    public static final class LongFirstRun implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            long started = System.currentTimeMillis();
            if (RUNS.isEmpty()) {
                try {
                    Thread.sleep(7_000); // three and a half periods: three fires blocked
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            RUNS.add(new long[] {started, System.currentTimeMillis()});
        }
    }

    @Test
    void theFiresMissedDuringALongRunBecomeOneRunWhenItEnds() throws Exception {
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        Flyway.configure().dataSource(jdbc.getDataSource()).locations("classpath:db/migration").load().migrate();
        Scheduler scheduler = ClusteredSchedules.schedulerFactory(jdbc.getDataSource(), "misfire-test", 2, Duration.ofSeconds(1),
                Duration.ofSeconds(1)).getScheduler();
        try {
            scheduler.scheduleJob(JobBuilder.newJob(LongFirstRun.class).withIdentity("sync", "test").build(),
                    TriggerBuilder.newTrigger().withIdentity("sync", "test")
                            .withSchedule(CronScheduleBuilder.cronSchedule("0/2 * * * * ?")).build());
            scheduler.start();
            long deadline = System.currentTimeMillis() + 30_000;
            while ((RUNS.isEmpty() || System.currentTimeMillis() < RUNS.get(0)[1] + 4_000) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            scheduler.shutdown(true);
        }

        assertThat(RUNS).as("the long run, then the job at its period").hasSizeGreaterThanOrEqualTo(2);
        long longRunEnded = RUNS.get(0)[1];
        long soonAfter = RUNS.stream().skip(1).filter(run -> run[0] - longRunEnded < 1_500).count();
        // at most the one run for the missed fires and one at the period (2 s apart); Quartz's default threshold (60 s)
        // replayed the three blocked fires back to back
        assertThat(soonAfter).as("runs within 1.5 s of the long run's end").isLessThanOrEqualTo(2);
    }
}

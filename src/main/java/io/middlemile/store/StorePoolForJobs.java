package io.middlemile.store;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

import java.util.function.IntSupplier;

/**
 * Sizes the state-store pool to the jobs the engine may run at once: a cluster node's {@code middlemile.cluster.threads},
 * a single engine's every job of its workspace (each has a timer of its own). Each running job holds one pooled
 * connection for its whole run (its advisory lock, {@link JobLock}) and needs a second one now and then to commit a page,
 * take a permit of a shared budget or record a page's sends beside their journal results; Quartz, the heartbeat and the
 * web API need a few more. With Spring Boot's default of 10 and ten jobs at once, ten running jobs held every
 * connection and then all waited for an eleventh: every job failed after 30 s with "Connection is not available" (a
 * single engine's embedded pool of 8 did the same with four jobs at once). A smaller pool is raised (said once in the
 * log); connections beyond the usual idle ones are opened only when needed.
 */
public final class StorePoolForJobs implements BeanPostProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(StorePoolForJobs.class);
    /** Quartz's check-ins and trigger moves, the heartbeat, the web API. */
    static final int HEADROOM = 4;
    /** Connections kept open while idle, when the operator set no {@code minimum-idle}. */
    static final int IDLE = 4;

    private final IntSupplier jobs;
    private final String why;
    private final int ceiling;

    /**
     * @param jobs    how many jobs may run at once, asked when the pool is made (a single engine's workspace is loaded then)
     * @param why     where that number comes from, for the log line
     * @param ceiling the most connections the server takes from this engine (the embedded server's sessions, less its own)
     */
    public StorePoolForJobs(IntSupplier jobs, String why, int ceiling) {
        this.jobs = jobs;
        this.why = why;
        this.ceiling = ceiling;
    }

    /** Connections the engine needs: two per job it may run at once, and the headroom, at most the ceiling. */
    int needed() {
        return Math.min(ceiling, 2 * jobs.getAsInt() + HEADROOM);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) {
        // after Spring Boot bound spring.datasource.hikari.*; the pool itself starts with its first connection
        if (bean instanceof HikariDataSource pool && pool.getMaximumPoolSize() < needed()) {
            int needed = needed();
            LOG.info("State store pool raised from {} to {} connections: this engine runs up to {} jobs at once ({}), and each"
                    + " holds one for its lock and takes another to commit; make sure PostgreSQL's max_connections covers every"
                    + " engine's pool", pool.getMaximumPoolSize(), needed, jobs.getAsInt(), why);
            if (pool.getMinimumIdle() < 0 || pool.getMinimumIdle() >= pool.getMaximumPoolSize()) {
                pool.setMinimumIdle(Math.min(IDLE, needed));
            }
            pool.setMaximumPoolSize(needed);
        }
        return bean;
    }
}

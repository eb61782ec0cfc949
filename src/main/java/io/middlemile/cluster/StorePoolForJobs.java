package io.middlemile.cluster;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Sizes a cluster node's state-store pool to the jobs it may run at once ({@code middlemile.cluster.threads}). Each
 * running job holds one pooled connection for its whole run (its advisory lock, {@code io.middlemile.store.JobLock})
 * and needs a second one now and then to commit a page or take a permit of a shared budget; Quartz and the heartbeat
 * need a few more. With Spring Boot's default of 10 and the default of 10 jobs at once, ten running jobs held every
 * connection and then all waited for an eleventh: every job failed after 30 s with "Connection is not available".
 * A smaller pool is raised (said once in the log); connections beyond the usual idle ones are opened only when needed.
 */
final class StorePoolForJobs implements BeanPostProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(StorePoolForJobs.class);
    /** Quartz's check-ins and trigger moves, the heartbeat, the web API. */
    static final int HEADROOM = 4;
    /** Connections kept open while idle, when the operator set no {@code minimum-idle}. */
    static final int IDLE = 4;

    private final int threads;

    StorePoolForJobs(int threads) {
        this.threads = threads;
    }

    /** Connections a node needs: two per job it may run at once, and the headroom. */
    int needed() {
        return 2 * threads + HEADROOM;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) {
        // after Spring Boot bound spring.datasource.hikari.*; the pool itself starts with its first connection
        if (bean instanceof HikariDataSource pool && pool.getMaximumPoolSize() < needed()) {
            LOG.info("State store pool raised from {} to {} connections: this node runs up to {} jobs at once"
                    + " (middlemile.cluster.threads), and each holds one for its lock and takes another to commit; make sure"
                    + " PostgreSQL's max_connections covers every node's pool", pool.getMaximumPoolSize(), needed(), threads);
            if (pool.getMinimumIdle() < 0 || pool.getMinimumIdle() >= pool.getMaximumPoolSize()) {
                pool.setMinimumIdle(Math.min(IDLE, needed()));
            }
            pool.setMaximumPoolSize(needed());
        }
        return bean;
    }
}

package io.middlemile.cluster;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A cluster node's pool holds a lock connection and a working one per job it may run at once, and a few more. */
class StorePoolForJobsTest {

    @Test
    void aPoolTooSmallForTheNodesJobsIsRaisedAndOpensTheExtraConnectionsOnlyWhenNeeded() {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setMaximumPoolSize(10); // Spring Boot's default

            new StorePoolForJobs(10).postProcessAfterInitialization(pool, "dataSource");

            assertThat(pool.getMaximumPoolSize()).isEqualTo(24);
            assertThat(pool.getMinimumIdle()).isEqualTo(StorePoolForJobs.IDLE);
        }
    }

    @Test
    void aPoolLargeEnoughIsLeftAsTheOperatorSetIt() {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setMaximumPoolSize(40);
            pool.setMinimumIdle(40);

            new StorePoolForJobs(10).postProcessAfterInitialization(pool, "dataSource");

            assertThat(pool.getMaximumPoolSize()).isEqualTo(40);
            assertThat(pool.getMinimumIdle()).isEqualTo(40);
        }
    }
}

package io.middlemile.store;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An engine's pool holds a lock connection and a working one per job it may run at once, and a few more. */
class StorePoolForJobsTest {

    @Test
    void aPoolTooSmallForTheNodesJobsIsRaisedAndOpensTheExtraConnectionsOnlyWhenNeeded() {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setMaximumPoolSize(10); // Spring Boot's default

            new StorePoolForJobs(() -> 10, "test", Integer.MAX_VALUE).postProcessAfterInitialization(pool, "dataSource");

            assertThat(pool.getMaximumPoolSize()).isEqualTo(24);
            assertThat(pool.getMinimumIdle()).isEqualTo(StorePoolForJobs.IDLE);
        }
    }

    @Test
    void aPoolLargeEnoughIsLeftAsTheOperatorSetIt() {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setMaximumPoolSize(40);
            pool.setMinimumIdle(40);

            new StorePoolForJobs(() -> 10, "test", Integer.MAX_VALUE).postProcessAfterInitialization(pool, "dataSource");

            assertThat(pool.getMaximumPoolSize()).isEqualTo(40);
            assertThat(pool.getMinimumIdle()).isEqualTo(40);
        }
    }

    @Test
    void anEmbeddedStoresPoolIsRaisedOnlyAsFarAsItsServerTakesSessions() {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setMaximumPoolSize(8);

            new StorePoolForJobs(() -> 30, "test", 40).postProcessAfterInitialization(pool, "dataSource");

            assertThat(pool.getMaximumPoolSize()).isEqualTo(40);
        }
    }
}

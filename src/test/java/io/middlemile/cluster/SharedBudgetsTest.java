package io.middlemile.cluster;

import io.middlemile.connector.Budget;
import io.middlemile.connector.BudgetExhausted;
import io.middlemile.connector.CallWindow;
import io.middlemile.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two engine processes' budgets (two {@link SharedBudgets} on one database, as two nodes have) take from one bucket
 * per connection budget: together they get the budget's permits, not twice as many.
 */
class SharedBudgetsTest {

    private DataSource database;

    @BeforeEach
    void migrate() {
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        Flyway.configure().dataSource(jdbc.getDataSource()).locations("classpath:db/migration").load().migrate();
        database = jdbc.getDataSource();
    }

    @Test
    void twoNodesTogetherGetOneBudgetsPermits() {
        Budget first = new SharedBudgets(database).budget("hubspot-portal", 5, Duration.ofHours(1), Duration.ZERO);
        Budget second = new SharedBudgets(database).budget("hubspot-portal", 5, Duration.ofHours(1), Duration.ZERO);

        int granted = 0;
        for (int i = 0; i < 5; i++) {
            (i % 2 == 0 ? first : second).take();
            granted++;
        }

        assertThat(granted).isEqualTo(5);
        assertThatThrownBy(first::take).isInstanceOf(BudgetExhausted.class).hasMessageContaining("hubspot-portal");
        assertThatThrownBy(second::take).isInstanceOf(BudgetExhausted.class);
    }

    @Test
    void eachConnectionAndEachLimitHasABudgetOfItsOwn() {
        SharedBudgets budgets = new SharedBudgets(database);
        Budget portal = budgets.budget("hubspot-portal", 1, Duration.ofHours(1), Duration.ZERO);
        portal.take();
        assertThatThrownBy(portal::take).isInstanceOf(BudgetExhausted.class);

        budgets.budget("hubspot-other-portal", 1, Duration.ofHours(1), Duration.ZERO).take();
        // the same connection with a changed limit (a new tier) starts a fresh bucket rather than fight over the old one
        budgets.budget("hubspot-portal", 2, Duration.ofHours(1), Duration.ZERO).take();
        assertThat(budgets.shared()).isTrue();
    }

    @Test
    void aPermitThatFreesUpWithinTheWaitIsWaitedFor() {
        Budget budget = new SharedBudgets(database).budget("salesforce-org", 1, Duration.ofMillis(200), Duration.ofSeconds(5));
        budget.take();
        // the next permit comes with the next period, well within the wait: taken, not refused
        budget.take();
        Budget impatient = new SharedBudgets(database).budget("salesforce-org", 1, Duration.ofMillis(200), Duration.ZERO);
        assertThatThrownBy(impatient::take).isInstanceOf(BudgetExhausted.class);
    }

    @Test
    void twoNodesShareOneCallWindowAndACallInFlightHoldsItsPlace() throws Exception {
        CallWindow first = new SharedBudgets(database).window("hubspot-search-portal", 1, Duration.ofMillis(300), Duration.ofSeconds(30));
        CallWindow second = new SharedBudgets(database).window("hubspot-search-portal", 1, Duration.ofMillis(300), Duration.ofSeconds(30));
        CountDownLatch sent = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> first.call(() -> {
            sent.countDown();
            await(answer);
            return "answered";
        }));
        assertThat(sent.await(30, TimeUnit.SECONDS)).isTrue();

        // the other node's call waits while the first is in flight, however long it takes ...
        CompletableFuture<Long> next = CompletableFuture.supplyAsync(() -> second.call(System::nanoTime));
        Thread.sleep(500);
        assertThat(next).isNotDone();

        // ... and then until a full window after its answer
        answer.countDown();
        assertThat(inFlight.get(30, TimeUnit.SECONDS)).isEqualTo("answered");
        long answeredAt = System.nanoTime();
        assertThat(next.get(30, TimeUnit.SECONDS) - answeredAt).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos() - MARGIN);
    }

    @Test
    void aNodeThatFindsNoPlaceWithinItsWaitIsRefusedAndAnotherLimitIsAnotherWindow() {
        SharedBudgets budgets = new SharedBudgets(database);
        budgets.window("hubspot-search-portal", 1, Duration.ofHours(1), Duration.ZERO).call(() -> "first");

        CallWindow impatient = new SharedBudgets(database).window("hubspot-search-portal", 1, Duration.ofHours(1), Duration.ofMillis(50));
        assertThatThrownBy(() -> impatient.call(() -> "second")).isInstanceOf(BudgetExhausted.class)
                .hasMessageContaining("hubspot-search-portal");
        // a changed limit (a new tier) is a window of its own, as a bucket is
        assertThat(budgets.window("hubspot-search-portal", 2, Duration.ofHours(1), Duration.ZERO).call(() -> "new tier")).isEqualTo("new tier");
    }

    @Test
    void aCallOfANodeThatDiedUnansweredStopsCountingAfterItIsAbandoned() {
        JdbcTemplate jdbc = new JdbcTemplate(database);
        jdbc.update("insert into api_window_calls (window_key, taken_at) values ('hubspot-search-portal:1/1000ms', clock_timestamp() - ?"
                + " * interval '1 millisecond')", Duration.ofSeconds(1).plus(SharedWindow.ABANDONED).plusSeconds(1).toMillis());

        assertThat(new SharedBudgets(database).window("hubspot-search-portal", 1, Duration.ofSeconds(1), Duration.ZERO)
                .call(() -> "taken")).isEqualTo("taken");
        assertThat(jdbc.queryForObject("select count(*) from api_window_calls", Integer.class)).isEqualTo(1);
    }

    /** Nodes' clocks are the database's here, the test's is the JVM's: allow for the round trip between them. */
    private static final long MARGIN = Duration.ofMillis(20).toNanos();

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

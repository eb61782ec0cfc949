package io.middlemile.cluster;

import io.middlemile.connector.Budget;
import io.middlemile.connector.BudgetExhausted;
import io.middlemile.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Duration;

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
}

package io.middlemile.connector;

import io.middlemile.connector.apollo.ApolloProvider;
import io.middlemile.connector.crustdata.CrustdataProvider;
import io.middlemile.connector.fullenrich.FullEnrichProvider;
import io.middlemile.connector.instantly.InstantlyProvider;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every HTTP provider counts its calls in the {@link Budgets} the engine opens it with, so in a cluster (budgets shared
 * in PostgreSQL) a connection's limit is one budget for all nodes. Each connection is opened as the engine opens it
 * ({@code Provider.open} with the budgets) and checked; the budgets refuse every permit, so the check fails as the
 * provider's rate limit before any request leaves (the base URLs lead nowhere).
 */
class ProvidersSpendTheirBudgetsTest {

    private static final Path WORKSPACE = Path.of(".");
    private static final String NOWHERE = "http://127.0.0.1:9";

    private final RefusingBudgets budgets = new RefusingBudgets();

    @Test
    void apolloSpendsTheGivenBudgets() {
        ConnectorConfig config = config("apollo", "api-key", null, "${APOLLO_API_KEY}",
                Map.of("people", new ObjectConfig(null, null, List.of("email"))));

        HealthCheck check = new ApolloProvider().open(config, WORKSPACE, Map.of("APOLLO_API_KEY", "k"), budgets, CallObserver.NONE).check();

        assertRefusedBy(check, "apollo-apollo 20/60000ms");
    }

    @Test
    void crustdataSpendsTheGivenBudgetsOnePerEndpoint() {
        ConnectorConfig config = config("crustdata", "bearer-token", "${CRUSTDATA_API_KEY}", null,
                Map.of("people", new ObjectConfig(null, null, List.of("email"))));

        HealthCheck check = new CrustdataProvider().open(config, WORKSPACE, Map.of("CRUSTDATA_API_KEY", "k"), budgets, CallObserver.NONE)
                .check();

        assertThat(check.healthy()).isFalse();
        assertThat(budgets.asked).singleElement().asString().startsWith("crustdata-crustdata-").endsWith(" 1/4000ms");
        assertThat(budgets.taken.get()).isEqualTo(1);
        assertThat(check.message()).contains("became free within");
    }

    @Test
    void fullEnrichSpendsTheGivenBudgetsPacedSoNoCalendarMinuteHoldsMoreThanItsLimit() {
        ConnectorConfig config = config("fullenrich", "bearer-token", "${FULLENRICH_API_KEY}", null,
                Map.of("people", new ObjectConfig(null, null, List.of("email"))));

        HealthCheck check = new FullEnrichProvider().open(config, WORKSPACE, Map.of("FULLENRICH_API_KEY", "k"), budgets, CallObserver.NONE)
                .check();

        // shared: one permit every 60 s / (60 - 1), never a bucket full and a minute's refill within one calendar minute
        assertRefusedBy(check, "fullenrich-fullenrich 1/1016ms");
    }

    @Test
    void instantlySpendsBothGivenBudgets() {
        ConnectorConfig config = config("instantly", "bearer-token", "${INSTANTLY_API_KEY}", null,
                Map.of("leads", new ObjectConfig("email", null, List.of("email"))));

        HealthCheck check = new InstantlyProvider().open(config, WORKSPACE, Map.of("INSTANTLY_API_KEY", "k"), budgets, CallObserver.NONE)
                .check();

        assertThat(budgets.asked).as("a rolling second and a minute's budget, both the cluster's")
                .containsExactlyInAnyOrder("instantly-s-instantly 100 in any 1000ms", "instantly-m-instantly 6000/60000ms");
        assertThat(check.healthy()).isFalse();
        assertThat(check.message()).contains("became free within");
        assertThat(budgets.taken.get()).as("the minute's permit is taken first and refused: no place in the second is asked for").isEqualTo(1);
    }

    private void assertRefusedBy(HealthCheck check, String budget) {
        assertThat(budgets.asked).containsExactly(budget);
        assertThat(budgets.taken.get()).as("one attempt, refused: a budget that runs out is not retried").isEqualTo(1);
        assertThat(check.healthy()).isFalse();
        assertThat(check.message()).contains("became free within");
    }

    private static ConnectorConfig config(String type, String authType, String token, String apiKey, Map<String, ObjectConfig> objects) {
        return new ConnectorConfig(type, type, null, null, NOWHERE,
                new AuthConfig(authType, token, apiKey, null, null, null, null, null, null), objects, null);
    }

    /** A cluster's budgets that have no permit to give: records which budgets a connection asks for, and each take. */
    private static final class RefusingBudgets implements Budgets {
        final List<String> asked = new CopyOnWriteArrayList<>();
        final AtomicInteger taken = new AtomicInteger();

        @Override
        public Budget budget(String key, int permits, Duration period, Duration wait) {
            String name = key + " " + permits + "/" + period.toMillis() + "ms";
            asked.add(name);
            return () -> {
                taken.incrementAndGet();
                throw new BudgetExhausted(name, wait);
            };
        }

        @Override
        public CallWindow window(String key, int permits, Duration window, Duration wait) {
            String name = key + " " + permits + " in any " + window.toMillis() + "ms";
            asked.add(name);
            return new CallWindow() {
                @Override
                public <T> T call(java.util.function.Supplier<T> call) {
                    taken.incrementAndGet();
                    throw new BudgetExhausted(name, wait);
                }
            };
        }

        @Override
        public boolean shared() {
            return true;
        }
    }
}

package io.middlemile.cluster;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.middlemile.connector.Budget;
import io.middlemile.connector.BudgetExhausted;
import io.middlemile.connector.Budgets;
import io.middlemile.connector.CallWindow;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * A cluster's request budgets, one Bucket4j token bucket per connection budget in PostgreSQL
 * ({@code api_budget_buckets}): every node's calls on a connection take from the same bucket, in a
 * {@code SELECT ... FOR UPDATE} transaction, so a connection's limit holds however many nodes call it.
 *
 * <p>The bucket holds at most one period's permits and refills continuously ({@code refillGreedy}): any window of
 * length T sees at most permits × (1 + T / period) calls, the bound of the local limiter's fixed cycles, without
 * their flaw that a permit taken late in one cycle and one taken early in the next come nearly together (one permit
 * per 200 ms here really means 200 ms between calls, whichever nodes make them). A node that waits for a permit
 * reserves it in the bucket first and then sleeps, so waiting nodes are served in turn rather than racing.
 *
 * <p>Bucket4j keys a bucket's configuration with its state; the key here includes the limit, so a connection whose
 * limit changes starts a new bucket instead of two nodes disagreeing about one. Buckets count by the nodes' clocks:
 * keep them in sync (NTP), as any cluster needs.
 *
 * @see <a href="https://bucket4j.com">Bucket4j reference, section "PostgreSQL integration"</a>
 */
public final class SharedBudgets implements Budgets {

    static final String TABLE = "api_budget_buckets";

    private final ProxyManager<String> buckets;
    private final DataSource dataSource;

    public SharedBudgets(DataSource dataSource) {
        this.dataSource = dataSource;
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(TABLE)
                .build();
    }

    @Override
    public Budget budget(String key, int permits, Duration period, Duration wait) {
        String id = key + ":" + permits + "/" + period.toMillis() + "ms";
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(permits).refillGreedy(permits, period))
                .build();
        BucketProxy bucket = buckets.builder().build(id, () -> configuration);
        return () -> {
            try {
                // Bucket4j waits only for a positive time; a zero wait takes a permit that is there or none
                boolean taken = !wait.isZero() && !wait.isNegative() ? bucket.asBlocking().tryConsume(1, wait) : bucket.tryConsume(1);
                if (!taken) {
                    throw new BudgetExhausted(id, wait);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BudgetExhausted(id, wait);
            }
        };
    }

    /** A window every node's calls count in, in PostgreSQL ({@link SharedWindow}); the key includes the limit, as a bucket's does. */
    @Override
    public CallWindow window(String key, int permits, Duration window, Duration wait) {
        return new SharedWindow(dataSource, key + ":" + permits + "/" + window.toMillis() + "ms", permits, window, wait);
    }

    @Override
    public boolean shared() {
        return true;
    }
}

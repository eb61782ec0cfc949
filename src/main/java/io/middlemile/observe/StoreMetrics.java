package io.middlemile.observe;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Collection;

/**
 * Gauges over the state store, read when scraped (the store is shared by every engine process, so these are the
 * workspace's figures, not one process's): {@code middlemile.reviews.pending} (writes waiting for a person),
 * {@code middlemile.retries.pending{job}} (failed records waiting to be read again) and
 * {@code middlemile.enrich.credits{connection}} (credits spent through each enrichment connection, ever).
 */
public final class StoreMetrics implements MeterBinder {

    private final JdbcTemplate jdbc;
    private final Collection<String> jobs;
    private final Collection<String> enrichers;

    /**
     * @param jobs      the workspace's jobs (route ids)
     * @param enrichers the workspace's enrichment connections
     */
    public StoreMetrics(JdbcTemplate jdbc, Collection<String> jobs, Collection<String> enrichers) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.enrichers = enrichers;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("middlemile.reviews.pending", this, metrics -> metrics.count("select count(*) from reviews where status = 'pending'"))
                .description("Writes a policy parked that wait for a person (middlemile review list)").register(registry);
        for (String job : jobs) {
            Gauge.builder("middlemile.retries.pending", this, metrics -> metrics.count(
                            "select count(*) from retry_queue where job = ?", job))
                    .description("Failed records waiting to be read again (middlemile job retry-failed)").tag("job", job)
                    .register(registry);
        }
        for (String connection : enrichers) {
            FunctionCounter.builder("middlemile.enrich.credits", this, metrics -> metrics.count(
                            "select coalesce(sum(credits), 0) from enrich_spend where connection = ?", connection))
                    .description("Credits spent through the connection, every waterfall and run").tag("connection", connection)
                    .register(registry);
        }
    }

    private double count(String sql, Object... args) {
        try {
            Number value = jdbc.queryForObject(sql, Number.class, args);
            return value == null ? 0 : value.doubleValue();
        } catch (RuntimeException e) {
            return Double.NaN; // the store is away: a gap in the graph, not a failed scrape
        }
    }
}

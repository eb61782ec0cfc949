package io.middlemile.observe;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.middlemile.store.EnrichSpendStore;
import io.middlemile.store.RetryQueue;
import io.middlemile.store.ReviewItem;
import io.middlemile.store.ReviewStore;

import java.time.Instant;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * Gauges over the state store, read when scraped (the store is shared by every engine process, so these are the
 * workspace's figures, not one process's): {@code middlemile.reviews.pending} (writes waiting for a person),
 * {@code middlemile.retries.pending{job}} (failed records waiting to be read again) and
 * {@code middlemile.enrich.credits{connection}} (credits spent through each enrichment connection, ever).
 */
public final class StoreMetrics implements MeterBinder {

    private final ReviewStore reviews;
    private final RetryQueue retries;
    private final EnrichSpendStore spend;
    private final Collection<String> jobs;
    private final Collection<String> enrichers;

    /**
     * @param jobs      the workspace's jobs (route ids)
     * @param enrichers the workspace's enrichment connections
     */
    public StoreMetrics(ReviewStore reviews, RetryQueue retries, EnrichSpendStore spend, Collection<String> jobs,
                        Collection<String> enrichers) {
        this.reviews = reviews;
        this.retries = retries;
        this.spend = spend;
        this.jobs = jobs;
        this.enrichers = enrichers;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("middlemile.reviews.pending", this, metrics -> read(() -> reviews.count(ReviewItem.Status.PENDING)))
                .description("Writes a policy parked that wait for a person (middlemile review list)").register(registry);
        for (String job : jobs) {
            Gauge.builder("middlemile.retries.pending", this, metrics -> read(() -> retries.pendingCounts().getOrDefault(job, 0L)))
                    .description("Failed records waiting to be read again (middlemile job retry-failed)").tag("job", job)
                    .register(registry);
        }
        for (String connection : enrichers) {
            FunctionCounter.builder("middlemile.enrich.credits", this, metrics -> read(() -> spend.creditsSince(connection, Instant.EPOCH)))
                    .description("Credits spent through the connection, every waterfall and run").tag("connection", connection)
                    .register(registry);
        }
    }

    private static double read(Supplier<Number> figure) {
        try {
            return figure.get().doubleValue();
        } catch (RuntimeException e) {
            return Double.NaN; // the store is away: a gap in the graph, not a failed scrape
        }
    }
}

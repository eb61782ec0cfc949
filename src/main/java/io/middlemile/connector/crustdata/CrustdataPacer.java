package io.middlemile.connector.crustdata;

import io.middlemile.connector.Budget;
import io.middlemile.connector.Budgets;
import io.middlemile.connector.CallGuard;
import io.middlemile.connector.CallObserver;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.QuotaHeaders;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Pacing, retry and circuit breaking for one Crustdata connection (never shared: each API key has its own budget).
 *
 * <p>Crustdata limits each endpoint separately with a sliding one-minute window. The endpoint's budget hands out one
 * permit per {@code 60 s / requestsPerMinute}, so no rolling minute ever sees more than the budget
 * (a fixed window of n permits would let 2n through across its boundary). On top, the vendor's own
 * {@code x-ratelimit-remaining}/{@code x-ratelimit-reset} headers are honoured: when an answer says nothing is left, the
 * next call to that endpoint waits until the reset, whatever the local budget thinks (another client may share the key).
 * Where the budgets are counted is {@link Budgets}' business: in this process, or for a cluster in PostgreSQL, where
 * every node's calls on the connection take from the same budgets.
 */
public final class CrustdataPacer {

    private final String connectionId;
    private final CrustdataSettings settings;
    private final CallGuard guard;
    private final Budgets budgets;
    private final Map<String, Budget> endpointBudgets = new ConcurrentHashMap<>();
    private final Map<String, Long> blockedUntilNanos = new ConcurrentHashMap<>();

    // Doc: https://docs.crustdata.com/openapi-specs/2025-11-01/best-practices (a sliding window; x-ratelimit-limit,
    // x-ratelimit-remaining, x-ratelimit-reset on answers).
    /** What an answer says is left of the endpoint's window ({@code window}), for the engine's metrics. */
    static final QuotaHeaders QUOTA = headers -> {
        Long left = QuotaHeaders.number(headers, "x-ratelimit-remaining");
        return left == null ? Map.of() : Map.of("window", left);
    };

    public CrustdataPacer(String connectionId, CrustdataSettings settings) {
        this(connectionId, settings, Budgets.LOCAL, CallObserver.NONE);
    }

    /**
     * @param budgets where the endpoints' budgets are counted: this process, or every node of a cluster
     * @param calls   told of the retry, breaker and limiters (the engine's metrics)
     */
    public CrustdataPacer(String connectionId, CrustdataSettings settings, Budgets budgets, CallObserver calls) {
        this.connectionId = connectionId;
        this.budgets = budgets;
        this.settings = settings;
        this.guard = new CallGuard("Crustdata", connectionId, settings.maxAttempts(),
                failure -> failure instanceof CrustdataCallException e ? e.retryAfter() : null,
                "https://status.crustdata.com",
                e -> new CrustdataCallException(Kind.RATE_LIMITED, "Crustdata connection '" + connectionId + "': no request"
                        + " budget became free within " + settings.rateLimitWait().toSeconds() + " s; the job is asking for more"
                        + " than " + settings.requestsPerMinute() + " calls a minute allow. Resume it later or raise"
                        + " enrichment.requestsPerMinute if the plan allows more.", 0, null, Duration.ofSeconds(5), null, e), calls);
    }

    /** Runs one call to an endpoint under its budget, retrying retriable failures and 429s after the asked wait. */
    public <T> T call(String endpoint, Supplier<T> call) {
        Budget budget = endpointBudgets.computeIfAbsent(endpoint, e -> budgets.budget("crustdata-" + connectionId + "-" + e, 1,
                Duration.ofNanos(Math.max(1, 60_000_000_000L / settings.requestsPerMinute())), settings.rateLimitWait()));
        return guard.call(budget, () -> {
            awaitReset(endpoint);
            return call.get();
        });
    }

    /**
     * Reads the vendor's rate-limit headers of a successful answer for the endpoint's next call (after a 429 the retry
     * already waits the reset, so it is not waited twice).
     */
    public void observe(String endpoint, HttpHeaders headers) {
        var remaining = headers.firstValue("x-ratelimit-remaining");
        if (remaining.isEmpty()) {
            return;
        }
        try {
            if (Double.parseDouble(remaining.get().trim()) <= 0) {
                Duration reset = CrustdataErrorClassifier.retryAfter(headers);
                blockedUntilNanos.put(endpoint, System.nanoTime() + reset.toNanos());
            }
        } catch (NumberFormatException e) {
            // a header we cannot read is ignored: the local limiter still paces
        }
    }

    /** How many retries this connection made so far (for tests and run summaries). */
    public long retries() {
        return guard.retries();
    }

    private void awaitReset(String endpoint) {
        Long until = blockedUntilNanos.remove(endpoint);
        if (until == null) {
            return;
        }
        long waitNanos = until - System.nanoTime();
        if (waitNanos > 0) {
            try {
                Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CrustdataCallException(Kind.RETRIABLE, "Crustdata connection '" + connectionId + "': interrupted while"
                        + " waiting for the rate-limit reset of " + endpoint, 0, null, null, null, e);
            }
        }
    }
}

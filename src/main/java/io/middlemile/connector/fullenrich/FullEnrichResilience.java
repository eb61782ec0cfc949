package io.middlemile.connector.fullenrich;

import io.middlemile.connector.Budget;
import io.middlemile.connector.Budgets;
import io.middlemile.connector.CallObserver;
import io.middlemile.connector.CallGuard;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Pacing, retry and circuit breaking for one FullEnrich connection (each workspace has its own budget). Retry and
 * breaker are the shared {@link CallGuard}; every attempt takes a permit of the Resilience4j limiter at
 * {@code requestsPerMinute} and one of the {@link CalendarMinuteWindow}, which counts as FullEnrich does and stays
 * closed after a 429 until the wait it asked for is over (FullEnrich sends no rate-limit headers to read instead).
 *
 * <p>In a cluster the minute's budget is counted in PostgreSQL for every node ({@link Budgets#shared()}), while the
 * calendar-minute window still sees only this node's calls. A shared budget refills continuously, so a full bucket
 * and a minute's refill could both land in one calendar minute; shared, the budget is therefore one permit every
 * {@code 60 s / (requestsPerMinute - 1)}, which no calendar minute can hold more than {@code requestsPerMinute} of.
 */
final class FullEnrichResilience {

    /** Long enough to wait out one full calendar minute and the next minute's start. */
    private static final Duration PERMIT_WAIT = Duration.ofSeconds(75);

    private final Budget limiter;
    private final CalendarMinuteWindow window;
    private final CallGuard guard;

    FullEnrichResilience(String connectionId, FullEnrichSettings settings, CalendarMinuteWindow window) {
        this(connectionId, settings, window, Budgets.LOCAL, CallObserver.NONE);
    }

    /**
     * @param budgets where the minute's budget is counted: this process, or every node of a cluster
     * @param calls   told of the retry, breaker and limiter (the engine's metrics)
     */
    FullEnrichResilience(String connectionId, FullEnrichSettings settings, CalendarMinuteWindow window, Budgets budgets,
                         CallObserver calls) {
        this.window = window;
        int perMinute = settings.requestsPerMinute();
        this.limiter = budgets.shared()
                ? budgets.budget("fullenrich-" + connectionId, 1, Duration.ofMinutes(1).dividedBy(Math.max(1, perMinute - 1)), PERMIT_WAIT)
                : budgets.budget("fullenrich-" + connectionId, perMinute, Duration.ofMinutes(1), PERMIT_WAIT);
        this.guard = new CallGuard("FullEnrich", connectionId, settings.maxAttempts(), failure -> {
            if (failure instanceof ConnectorException e && e.retryAfter() != null) {
                return e.retryAfter();
            }
            return null;
        }, "https://status.fullenrich.com", e -> new FullEnrichCallException(Kind.RATE_LIMITED, "FullEnrich connection '"
                + connectionId + "': no request of the minute's budget (" + settings.requestsPerMinute() + " a minute) became"
                + " free within " + PERMIT_WAIT.toSeconds() + " s; the job asks more than the budget allows. Resume it later, or"
                + " set enrichment.webhookUrl so results are delivered instead of polled.", 0, null, Duration.ofSeconds(60), e), calls);
    }

    /** Runs one API call under the connection's budget; retriable failures are retried, a 429 after its wait. */
    <T> T call(Supplier<T> call) {
        return guard.call(limiter, () -> {
            try {
                window.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectorException(Kind.FATAL, "Interrupted while waiting for FullEnrich's request budget", e);
            }
            try {
                return call.get();
            } catch (FullEnrichCallException e) {
                if (e.kind() == Kind.RATE_LIMITED && e.retryAfter() != null) {
                    window.closeFor(e.retryAfter());
                }
                throw e;
            }
        });
    }

    long retries() {
        return guard.retries();
    }
}

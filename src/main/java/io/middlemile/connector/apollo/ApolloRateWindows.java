package io.middlemile.connector.apollo;

import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.QuotaHeaders;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Apollo's fixed rate-limit windows as its answers report them: every answer carries
 * {@code x-minute-requests-left}, {@code x-hourly-requests-left} and {@code x-daily-requests-left}
 * (docs.apollo.io/reference/rate-limits). A window whose count reached 0 is waited out before the next call rather
 * than spending a request on a sure 429: the minute by sleeping until the next minute starts, the hour and the day
 * (too long to sleep through) by a QUOTA_EXHAUSTED failure with the window's end as resumeAt. Apollo does not say
 * in which zone its day starts; UTC is assumed.
 *
 * <p>Apollo limits each endpoint separately, and its headers speak for the endpoint just called, so the windows
 * are kept per endpoint.
 */
final class ApolloRateWindows {

    /** Sleeps; replaced in tests. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final String connectionId;
    private final Clock clock;
    private final Sleeper sleeper;
    private final java.util.Map<String, Left> byEndpoint = new java.util.concurrent.ConcurrentHashMap<>();

    private record Left(Instant seenAt, Long minute, Long hour, Long day) {
    }

    ApolloRateWindows(String connectionId, Clock clock, Sleeper sleeper) {
        this.connectionId = connectionId;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    // Doc: https://docs.apollo.io/reference/rate-limits (x-minute-requests-left, x-hourly-requests-left,
    // x-daily-requests-left on answers).
    /**
     * What an answer says is left ({@code minute}, {@code hourly}, {@code daily}), for the engine's metrics: of the
     * endpoint the answer came from, as Apollo counts each endpoint apart.
     */
    static final QuotaHeaders QUOTA = headers -> {
        Map<String, Long> left = new LinkedHashMap<>();
        for (String window : List.of("minute", "hourly", "daily")) {
            Long number = number(headers, "x-" + window + "-requests-left");
            if (number != null) {
                left.put(window, number);
            }
        }
        return left;
    };

    /** Records what an answer of {@code endpoint} said is left. */
    void observe(String endpoint, HttpHeaders headers) {
        Long minute = number(headers, "x-minute-requests-left");
        Long hour = number(headers, "x-hourly-requests-left");
        Long day = number(headers, "x-daily-requests-left");
        if (minute != null || hour != null || day != null) {
            byEndpoint.put(endpoint, new Left(clock.instant(), minute, hour, day));
        }
    }

    /** Before a call of {@code endpoint}: waits out a spent minute, refuses in a spent hour or day. */
    void beforeCall(String endpoint, String call) {
        Left left = byEndpoint.get(endpoint);
        if (left == null) {
            return;
        }
        Instant now = clock.instant();
        if (isZero(left.day()) && now.isBefore(nextDay(left.seenAt()))) {
            throw spent(call, "daily", nextDay(left.seenAt()));
        }
        if (isZero(left.hour()) && now.isBefore(nextHour(left.seenAt()))) {
            throw spent(call, "hourly", nextHour(left.seenAt()));
        }
        if (isZero(left.minute()) && now.isBefore(nextMinute(left.seenAt()))) {
            Duration wait = Duration.between(now, nextMinute(left.seenAt()));
            byEndpoint.remove(endpoint); // one wait per spent window: the next answer reports the new one
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApolloCallException(Kind.RETRIABLE, "Apollo connection '" + connectionId + "', " + call
                        + ": interrupted while waiting for Apollo's next minute window.", 0, null, null, null, e);
            }
        }
    }

    private ApolloCallException spent(String call, String window, Instant resumeAt) {
        return new ApolloCallException(Kind.QUOTA_EXHAUSTED, "Apollo connection '" + connectionId + "', " + call + ": Apollo's "
                + window + " request limit for this endpoint is used up (its last answer said 0 requests left). The job pauses"
                + " until " + resumeAt + " and can resume then; to avoid it, lower the job's volume or raise the plan's limits"
                + " (Apollo: Settings > Plans).", 0, "RATE_LIMIT_" + window.toUpperCase(), null, resumeAt, null);
    }

    static Instant nextMinute(Instant at) {
        return at.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
    }

    static Instant nextHour(Instant at) {
        return at.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
    }

    static Instant nextDay(Instant at) {
        return at.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
    }

    private static boolean isZero(Long value) {
        return value != null && value <= 0;
    }

    static Long number(HttpHeaders headers, String name) {
        try {
            OptionalLong value = headers.firstValueAsLong(name);
            return value.isPresent() ? value.getAsLong() : null;
        } catch (NumberFormatException e) {
            return null; // a header we cannot read tells us nothing
        }
    }
}

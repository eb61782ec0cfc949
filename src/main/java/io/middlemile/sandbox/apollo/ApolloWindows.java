package io.middlemile.sandbox.apollo;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Apollo's fixed rate-limit windows per endpoint (docs.apollo.io/reference/rate-limits): a minute, an hour and a day,
 * each counted from its start. Every answer carries {@code x-rate-limit-minute/-hourly/-daily} and
 * {@code x-minute/hourly/daily-requests-left}; a request over any window is answered 429 with Apollo's message.
 */
final class ApolloWindows {

    record Verdict(boolean allowed, String window, Map<String, String> headers) {
    }

    private final int perMinute;
    private final int perHour;
    private final int perDay;
    private final Clock clock;
    private final Map<String, long[]> counts = new HashMap<>(); // endpoint -> {minuteStart, minute, hourStart, hour, dayStart, day}

    ApolloWindows(int perMinute, int perHour, int perDay, Clock clock) {
        this.perMinute = perMinute;
        this.perHour = perHour;
        this.perDay = perDay;
        this.clock = clock;
    }

    synchronized Verdict admit(String endpoint) {
        Instant now = clock.instant();
        long minute = now.truncatedTo(ChronoUnit.MINUTES).toEpochMilli();
        long hour = now.truncatedTo(ChronoUnit.HOURS).toEpochMilli();
        long day = now.truncatedTo(ChronoUnit.DAYS).toEpochMilli();
        long[] c = counts.computeIfAbsent(endpoint, k -> new long[6]);
        if (c[0] != minute) { c[0] = minute; c[1] = 0; }
        if (c[2] != hour) { c[2] = hour; c[3] = 0; }
        if (c[4] != day) { c[4] = day; c[5] = 0; }
        String over = c[5] >= perDay ? "day" : c[3] >= perHour ? "hour" : c[1] >= perMinute ? "minute" : null;
        if (over == null) {
            c[1]++;
            c[3]++;
            c[5]++;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-rate-limit-minute", Integer.toString(perMinute));
        headers.put("x-rate-limit-hourly", Integer.toString(perHour));
        headers.put("x-rate-limit-daily", Integer.toString(perDay));
        headers.put("x-minute-requests-left", Long.toString(Math.max(0, perMinute - c[1])));
        headers.put("x-hourly-requests-left", Long.toString(Math.max(0, perHour - c[3])));
        headers.put("x-daily-requests-left", Long.toString(Math.max(0, perDay - c[5])));
        return new Verdict(over == null, over, headers);
    }

    int limit(String window) {
        return switch (window) {
            case "minute" -> perMinute;
            case "hour" -> perHour;
            default -> perDay;
        };
    }
}

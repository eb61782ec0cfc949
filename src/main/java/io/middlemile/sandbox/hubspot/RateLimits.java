package io.middlemile.sandbox.hubspot;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HubSpot's request limits as the emulator enforces them: a rolling burst window (100 or 190
 * requests per 10 s by tier; the window and maximum are configurable for tests), a daily budget,
 * and the search API's own per-second limit. Search requests are exempt from the burst window (the
 * OpenAPI spec marks them {@code x-hubspot-rate-limit-exemptions: ten-secondly}) and answer without
 * the rate-limit headers; every request counts against the daily budget.
 *
 * <p>Uses wall time, not the {@link EmulatorClock}: tests freeze record timestamps, not the limits.
 */
final class RateLimits {

    /** What a request may do, and the headers to send. */
    record Verdict(boolean allowed, String policy, String message, long retryAfterMillis, Map<String, String> headers) {
    }

    private final int burstMax;
    private final long windowMillis;
    private final long dailyLimit;
    private final int searchPerSecond;
    private final Deque<Long> burst = new ArrayDeque<>();
    private final Deque<Long> searches = new ArrayDeque<>();
    private long dailyUsed;

    RateLimits(int burstMax, long windowMillis, long dailyLimit, int searchPerSecond) {
        this.burstMax = burstMax;
        this.windowMillis = windowMillis;
        this.dailyLimit = dailyLimit;
        this.searchPerSecond = searchPerSecond;
    }

    synchronized Verdict admit(boolean search) {
        long now = System.nanoTime() / 1_000_000;
        if (dailyUsed >= dailyLimit) {
            return new Verdict(false, "DAILY", "You have reached your daily limit.", 0, headers(search));
        }
        if (search) {
            while (!searches.isEmpty() && searches.peekFirst() <= now - 1000) {
                searches.pollFirst();
            }
            if (searches.size() >= searchPerSecond) {
                return new Verdict(false, "SECONDLY", "You have reached your secondly limit.",
                        searches.peekFirst() + 1000 - now, Map.of());
            }
            searches.addLast(now);
        } else {
            while (!burst.isEmpty() && burst.peekFirst() <= now - windowMillis) {
                burst.pollFirst();
            }
            if (burst.size() >= burstMax) {
                return new Verdict(false, "TEN_SECONDLY_ROLLING", "You have reached your ten_secondly_rolling limit.",
                        burst.peekFirst() + windowMillis - now, headers(false));
            }
            burst.addLast(now);
        }
        dailyUsed++;
        return new Verdict(true, null, null, 0, headers(search));
    }

    /** Uses up the day's budget (a test hook: the rest of the day answers 429 DAILY). */
    synchronized void exhaustDaily() {
        dailyUsed = dailyLimit;
    }

    synchronized long dailyUsed() {
        return dailyUsed;
    }

    private Map<String, String> headers(boolean search) {
        if (search) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-HubSpot-RateLimit-Daily", Long.toString(dailyLimit));
        headers.put("X-HubSpot-RateLimit-Daily-Remaining", Long.toString(Math.max(0, dailyLimit - dailyUsed)));
        headers.put("X-HubSpot-RateLimit-Interval-Milliseconds", Long.toString(windowMillis));
        headers.put("X-HubSpot-RateLimit-Max", Integer.toString(burstMax));
        headers.put("X-HubSpot-RateLimit-Remaining", Integer.toString(Math.max(0, burstMax - burst.size())));
        long perSecond = Math.max(1, burstMax * 1000L / Math.max(1000, windowMillis));
        headers.put("X-HubSpot-RateLimit-Secondly", Long.toString(perSecond));
        headers.put("X-HubSpot-RateLimit-Secondly-Remaining", Long.toString(Math.max(0, perSecond - Math.min(perSecond, countLastSecond()))));
        return headers;
    }

    private long countLastSecond() {
        long now = System.nanoTime() / 1_000_000;
        return burst.stream().filter(t -> t > now - 1000).count();
    }
}

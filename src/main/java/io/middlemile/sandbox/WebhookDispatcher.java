package io.middlemile.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * Webhook deliveries an emulator fires back at the hub, on the emulator's clock: each is due at an instant, is POSTed
 * with the subscription's headers when {@link #deliverDue()} runs at or after it, and, when the receiver does not take it
 * (no answer, or a status the vendor counts as a failure), is tried again after the next of the configured retry delays
 * until they are spent. Tests drive it by moving their clock and calling {@link #deliverDue()}; the sandbox command
 * calls {@link #startTicking} so it runs on its own.
 */
public final class WebhookDispatcher implements AutoCloseable {

    /** One POST made: where, which event, the attempt (0 for the first), the status answered (0: no answer), when. */
    public record Attempt(String url, String event, int attempt, int status, Instant at) {
    }

    private record Delivery(Instant due, long order, String url, Map<String, String> headers, String event, String body,
                            int attempt) {
    }

    private final String provider;
    private final Clock clock;
    private final List<Duration> retryDelays;
    private final IntPredicate accepted;
    private final Duration timeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PriorityQueue<Delivery> queue = new PriorityQueue<>(
            Comparator.comparing(Delivery::due).thenComparingLong(Delivery::order));
    private final List<Attempt> attempts = new ArrayList<>();
    private long order;
    private volatile ScheduledExecutorService ticker;

    /**
     * @param retryDelays the waits before the 2nd, 3rd, ... attempt of a delivery that failed (empty: never retried)
     * @param accepted    which statuses the vendor counts as delivered (Unipile: exactly 200; Instantly: any 2xx)
     * @param timeout     how long an attempt waits for the answer before it counts as failed
     */
    public WebhookDispatcher(String provider, Clock clock, List<Duration> retryDelays, IntPredicate accepted, Duration timeout) {
        this.provider = provider;
        this.clock = clock;
        this.retryDelays = List.copyOf(retryDelays);
        this.accepted = accepted;
        this.timeout = timeout;
    }

    /** Queues one delivery of {@code body} (JSON) to {@code url}, due at {@code due}. */
    public synchronized void schedule(Instant due, String url, Map<String, String> headers, String event, String body) {
        queue.add(new Delivery(due, order++, url, Map.copyOf(headers), event, body, 0));
    }

    /**
     * Makes every delivery that is due by the clock (retries that fall due meanwhile wait for the next call), and returns
     * how many POSTs it made. Safe to call from several threads: each delivery is taken once.
     */
    public int deliverDue() {
        Instant now = clock.instant();
        List<Delivery> due = new ArrayList<>();
        synchronized (this) {
            while (!queue.isEmpty() && !queue.peek().due().isAfter(now)) {
                due.add(queue.poll());
            }
        }
        for (Delivery delivery : due) {
            int status = post(delivery);
            synchronized (this) {
                attempts.add(new Attempt(delivery.url(), delivery.event(), delivery.attempt(), status, clock.instant()));
                if (!accepted.test(status) && delivery.attempt() < retryDelays.size()) {
                    queue.add(new Delivery(now.plus(retryDelays.get(delivery.attempt())), order++, delivery.url(),
                            delivery.headers(), delivery.event(), delivery.body(), delivery.attempt() + 1));
                }
            }
        }
        return due.size();
    }

    private int post(Delivery delivery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(delivery.url())).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body()));
        delivery.headers().forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | IllegalArgumentException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Every POST made so far, oldest first. */
    public synchronized List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /** Deliveries not made yet (first attempts and retries). */
    public synchronized int pending() {
        return queue.size();
    }

    /** When the next delivery falls due, or null when none is queued. */
    public synchronized Instant nextDue() {
        return queue.isEmpty() ? null : queue.peek().due();
    }

    /** Runs {@code beforeEach} and then {@link #deliverDue()} every {@code every}, on a daemon thread, until closed. */
    public void startTicking(Duration every, Runnable beforeEach) {
        if (ticker != null) {
            return;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, provider.toLowerCase() + "-webhooks");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                beforeEach.run();
                deliverDue();
            } catch (RuntimeException e) {
                // a failed tick must not stop the next ones; the attempt log shows what was delivered
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        ticker = executor;
    }

    @Override
    public void close() {
        ScheduledExecutorService running = ticker;
        ticker = null;
        if (running != null) {
            running.shutdownNow();
        }
    }
}

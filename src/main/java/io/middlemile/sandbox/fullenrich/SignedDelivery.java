package io.middlemile.sandbox.fullenrich;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Posts results the way FullEnrich does (https://docs.fullenrich.com/api/v2/general/webhooks): the JSON body with
 * {@code X-Signature-SHA1}, the lowercase hex HMAC-SHA1 of the body keyed with the API key; a non-2xx answer (or none)
 * is retried at the configured interval, the configured number of times. Written apart from the connector's receiver,
 * so a test of one against the other does not test the same code twice.
 */
final class SignedDelivery {

    /** One attempt: where, the status answered (-1 for no answer), and the body posted. */
    record Attempt(String url, int status, String body) {
    }

    private final String apiKey;
    private final ScheduledExecutorService scheduler;
    private final Duration retryInterval;
    private final int retries;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();

    SignedDelivery(String apiKey, ScheduledExecutorService scheduler, Duration retryInterval, int retries) {
        this.apiKey = apiKey;
        this.scheduler = scheduler;
        this.retryInterval = retryInterval;
        this.retries = retries;
    }

    /** Delivers in the background, retrying a refusal. */
    void deliver(String url, String body) {
        scheduler.execute(() -> attempt(url, body, 0));
    }

    List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(apiKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is unavailable in this JVM", e);
        }
    }

    private void attempt(String url, String body, int attempt) {
        int status;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("X-Signature-SHA1", sign(body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | IllegalArgumentException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        attempts.add(new Attempt(url, status, body));
        if (status / 100 != 2 && attempt < retries && !scheduler.isShutdown()) {
            scheduler.schedule(() -> attempt(url, body, attempt + 1), retryInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}

package io.middlemile.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BinaryOperator;

/**
 * The HTTP mechanics every emulator shares: it listens on a loopback port (0 = any free one) until stopped, answers
 * with a status, headers and a JSON or text body, reads a request body up to a cap, counts requests by route, and keeps
 * a log of the last requests it answered (method, path and query, status) for tests to inspect. What an emulator
 * answers, and the shape of its vendor's error bodies, stay in the emulator.
 */
public abstract class EmulatorServer implements AutoCloseable {

    /** How many requests the log keeps by default; older ones are dropped. */
    public static final int REQUEST_LOG_SIZE = 1_000;
    public static final String JSON_TYPE = "application/json;charset=UTF-8";

    private static final String LOGGED = EmulatorServer.class.getName() + ".logged";

    private final String provider;
    private final RequestLog log;
    private final AtomicLong requests = new AtomicLong();
    /** How much later every answer comes, as across the internet; none by default. */
    private volatile java.time.Duration latency = java.time.Duration.ZERO;
    private final Map<String, AtomicLong> requestsByRoute = new ConcurrentHashMap<>();
    private volatile LoopbackServer server;

    protected EmulatorServer(String provider) {
        this(provider, REQUEST_LOG_SIZE);
    }

    protected EmulatorServer(String provider, int requestLogSize) {
        this.provider = provider;
        this.log = new RequestLog(requestLogSize);
    }

    /** Answers one request; the exchange is closed afterwards, and a RuntimeException becomes a 500 {@link #failureBody}. */
    protected abstract void handle(HttpExchange exchange) throws IOException;

    /** The body of the 500 answered when {@link #handle} fails unexpectedly, in the vendor's error shape. */
    protected abstract JsonNode failureBody(RuntimeException failure);

    /**
     * Starts answering on the given port (0 = any free port) of the loopback interface. Requests may arrive at once, so an
     * emulator calls it once it is fully set up (last in its constructor, or after it).
     */
    protected final void listen(int port) {
        if (server != null) {
            throw new IllegalStateException("The " + provider + " emulator is already listening on " + baseUrl());
        }
        server = LoopbackServer.start(provider, port, this::dispatch);
    }

    public final String baseUrl() {
        return running().baseUrl();
    }

    public final int port() {
        return running().port();
    }

    /** Stops answering and frees the port; stopping again does nothing. */
    public final void stop() {
        LoopbackServer running = server;
        server = null;
        if (running != null) {
            running.close();
            stopped();
        }
    }

    /** Called once the emulator stopped answering: stops what else it runs (a webhook ticker). */
    protected void stopped() {
    }

    @Override
    public final void close() {
        stop();
    }

    /** Requests received so far (all routes, rejected ones included). */
    public final long requestCount() {
        return requests.get();
    }

    /** Requests answered so far for a route key the emulator counts, such as {@code "POST search"} or {@code "GET query"}. */
    public final long requestCount(String route) {
        AtomicLong count = requestsByRoute.get(route);
        return count == null ? 0 : count.get();
    }

    /** The last requests answered (at most {@link #REQUEST_LOG_SIZE} unless set otherwise), oldest first. */
    public final List<RequestLog.Entry> requestLog() {
        return log.entries();
    }

    protected final void count(String route) {
        requestsByRoute.computeIfAbsent(route, k -> new AtomicLong()).incrementAndGet();
    }

    private LoopbackServer running() {
        LoopbackServer running = server;
        if (running == null) {
            throw new IllegalStateException("The " + provider + " emulator is not running");
        }
        return running;
    }

    /** Makes every answer come {@code latency} later, as a call across the internet does (benchmarks against one job). */
    public final void latency(java.time.Duration latency) {
        this.latency = latency;
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (exchange) {
            try {
                handle(exchange);
            } catch (RuntimeException e) {
                send(exchange, 500, JSON_TYPE, failureBody(e).toString(), Map.of());
            }
        } finally {
            if (exchange.getAttribute(LOGGED) == null) {
                logAnswer(exchange, exchange.getResponseCode());
            }
        }
    }

    // ---------------------------------------------------------------- answers

    /** A JSON answer with extra headers; a null body answers the status alone. */
    protected final void sendJson(HttpExchange exchange, JsonAnswer answer, Map<String, String> headers) throws IOException {
        send(exchange, answer.status(), JSON_TYPE, answer.body() == null ? null : answer.body().toString(), headers);
    }

    /** An answer with extra headers and a body of the given content type; a null body answers the status alone. */
    protected final void send(HttpExchange exchange, int status, String contentType, String body, Map<String, String> headers)
            throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        logAnswer(exchange, status);
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Logged before the answer goes out, so a client that has its answer finds the request in the log. */
    private void logAnswer(HttpExchange exchange, int status) {
        exchange.setAttribute(LOGGED, Boolean.TRUE);
        URI uri = exchange.getRequestURI();
        String target = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
        log.add(new RequestLog.Entry(exchange.getRequestMethod(), target, status));
    }

    // ---------------------------------------------------------------- requests

    /** The request body, or null when it is longer than {@code maxBytes} (the rest is not read). */
    protected static byte[] readBody(HttpExchange exchange, int maxBytes) throws IOException {
        if (maxBytes < 0 || maxBytes >= Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("A body cap is between 0 and 2 GiB, not " + maxBytes);
        }
        InputStream in = exchange.getRequestBody();
        byte[] bytes = in.readNBytes(maxBytes + 1);
        return bytes.length > maxBytes ? null : bytes;
    }

    /** The bearer token of the Authorization header, or null without one. */
    protected static String bearerToken(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : null;
    }

    /** The percent-decoded, non-empty segments of a raw path. */
    protected static List<String> segments(String rawPath) {
        return Arrays.stream(rawPath.split("/")).filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList();
    }

    /** The fields of a query string or form body, decoded, in order; {@code repeated} combines a key's values. */
    protected static Map<String, String> form(String raw, BinaryOperator<String> repeated) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.merge(key, value, repeated);
        }
        return values;
    }
}

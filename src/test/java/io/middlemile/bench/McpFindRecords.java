package io.middlemile.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The agent gateway's {@code find_records} under load, for {@link MatchApiBenchmark}: each thread is an agent asking the
 * match index about the sampled contacts (half with an email, half without) over MCP's streamable HTTP transport, and
 * the run prints tool calls/s and p50/p90/p99/max latency. The clients run in the engine's JVM on the same two cores, so
 * a client's own CPU is taken from the server; three clients tell the server's cost apart from theirs:
 * <ul>
 *   <li>{@link Client#SDK}: the MCP Java SDK's client ({@code McpSyncClient} over {@code HttpClientStreamableHttpTransport}),
 *       as the gateway's tests use it;</li>
 *   <li>{@link Client#JDK}: the JDK's {@code java.net.http.HttpClient} POSTing the JSON-RPC {@code tools/call} after an
 *       {@code initialize}, with the protocol version (and session, if the server gave one) headers, as an agent
 *       framework's own HTTP stack does;</li>
 *   <li>{@link Client#SOCKET}: the same calls, bytes prepared beforehand, over the minimal keep-alive client the REST
 *       phase uses, so the figure compares with the REST one.</li>
 * </ul>
 */
final class McpFindRecords {

    enum Client { SDK, JDK, SOCKET }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROTOCOL = "2025-06-18";

    private enum Outcome { ERROR, NONE_FOUND, FOUND }

    /** The tool's answer as JSON text (SDK), or that text escaped inside a JSON-RPC body (the HTTP clients). */
    private static Outcome outcome(boolean ok, String answer) {
        return !ok ? Outcome.ERROR : answer.contains("\"records\":[{") || answer.contains("\\\"records\\\":[{")
                ? Outcome.FOUND : Outcome.NONE_FOUND;
    }

    private McpFindRecords() {
    }

    /** One agent's connection: a call returns whether the tool answered without an error, and with a record found. */
    private interface Agent extends AutoCloseable {
        Outcome call(int i) throws Exception;

        @Override
        void close() throws Exception;
    }

    static void run(Client kind, int port, String token, List<CrmContactGenerator.Row> sample, int threads, int seconds, boolean print)
            throws InterruptedException {
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        AtomicLong errors = new AtomicLong();
        AtomicLong found = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread[] agents = new Thread[threads];
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        for (int t = 0; t < threads; t++) {
            int id = t;
            agents[t] = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int count = 0;
                try (Agent agent = open(kind, port, token, sample)) {
                    for (int next = id; System.nanoTime() < end; next += threads) {
                        long t0 = System.nanoTime();
                        Outcome outcome = agent.call(next);
                        long took = System.nanoTime() - t0;
                        if (outcome == Outcome.ERROR) {
                            errors.incrementAndGet();
                        } else if (outcome == Outcome.FOUND) {
                            found.incrementAndGet();
                        }
                        if (count == mine.length) {
                            mine = Arrays.copyOf(mine, mine.length * 2);
                        }
                        mine[count++] = took;
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
                latencies[id] = mine;
                counts[id] = count;
            }, "mcp-agent-" + t);
            agents[t].start();
        }
        for (Thread agent : agents) {
            agent.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            System.out.printf(Locale.ROOT, "find_records over MCP with the %s client failed: %s%n", name(kind), failure.get());
            return;
        }
        int total = Arrays.stream(counts).sum();
        if (!print) {
            System.out.printf(Locale.ROOT, "warm-up (%s client): %,d calls in %.0f s%n", name(kind), total, elapsed);
            return;
        }
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        System.out.printf(Locale.ROOT, "find_records over MCP (streamable HTTP, %s client, %d agents): %,d calls in %.1f s = %,.0f"
                        + " calls/s; p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; %d errors; %.1f%% with a candidate;"
                        + " load average %.1f%n", name(kind),
                threads, total, elapsed, total / elapsed, percentile(all, 0.50), percentile(all, 0.90), percentile(all, 0.99),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6, errors.get(), 100.0 * found.get() / Math.max(1, total),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static String name(Client kind) {
        return switch (kind) {
            case SDK -> "MCP SDK";
            case JDK -> "java.net.http";
            case SOCKET -> "minimal socket";
        };
    }

    private static Agent open(Client kind, int port, String token, List<CrmContactGenerator.Row> sample) throws Exception {
        return switch (kind) {
            case SDK -> sdk(port, token, sample);
            case JDK -> jdk(port, token, sample);
            case SOCKET -> socket(port, token, sample);
        };
    }

    private static Agent sdk(int port, String token, List<CrmContactGenerator.Row> sample) {
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                        .customizeRequest(request -> request.header("Authorization", "Bearer " + token)).build())
                .requestTimeout(Duration.ofSeconds(30)).build();
        client.initialize();
        return new Agent() {
            @Override
            public Outcome call(int i) {
                McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("find_records",
                        Map.of("rule", "contacts", "record", record(sample.get(i % sample.size()), i))));
                return outcome(!Boolean.TRUE.equals(result.isError()), ((McpSchema.TextContent) result.content().get(0)).text());
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }

    /** An HTTP client that knows MCP only as JSON-RPC over POST: initialize, initialized, then tool calls. */
    private static Agent jdk(int port, String token, List<CrmContactGenerator.Row> sample) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI endpoint = URI.create("http://127.0.0.1:" + port + "/mcp");
        String session = initialize(http, endpoint, token);
        return new Agent() {
            @Override
            public Outcome call(int i) throws Exception {
                HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                        .header("MCP-Protocol-Version", PROTOCOL)
                        .POST(HttpRequest.BodyPublishers.ofString(toolCall(i, sample)));
                if (session != null) {
                    request.header("Mcp-Session-Id", session);
                }
                HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return outcome(answer.statusCode() == 200 && answer.body().contains("\"isError\":false"), answer.body());
            }

            @Override
            public void close() {
                // Java 17's HttpClient has no close(): its connections go with it
            }
        };
    }

    private static Agent socket(int port, String token, List<CrmContactGenerator.Row> sample) throws Exception {
        String session = initialize(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                URI.create("http://127.0.0.1:" + port + "/mcp"), token);
        // the requests' bytes are made before the clock starts, as the REST phase's are
        int size = Math.min(sample.size(), 4_000);
        byte[][] requests = new byte[size][];
        for (int i = 0; i < size; i++) {
            byte[] body = toolCall(i, sample).getBytes(StandardCharsets.UTF_8);
            String head = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nMCP-Protocol-Version: "
                    + PROTOCOL + "\r\n" + (session == null ? "" : "Mcp-Session-Id: " + session + "\r\n") + "Content-Length: "
                    + body.length + "\r\n\r\n";
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(body);
            requests[i] = request.toByteArray();
        }
        return new Agent() {
            private MatchApiBenchmark.Connection connection;

            @Override
            public Outcome call(int i) throws IOException {
                if (connection == null) {
                    connection = new MatchApiBenchmark.Connection(port);
                }
                MatchApiBenchmark.Answer answer = connection.send(requests[i % size]);
                if (answer.close()) {
                    connection.close();
                    connection = null;
                }
                return outcome(answer.status() == 200 && answer.body().contains("\"isError\":false"), answer.body());
            }

            @Override
            public void close() throws IOException {
                if (connection != null) {
                    connection.close();
                }
            }
        };
    }

    /** The MCP handshake over plain HTTP; returns the session id the server gave, or null (a stateless server gives none). */
    private static String initialize(HttpClient http, URI endpoint, String token) throws Exception {
        String hello = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 0, "method", "initialize", "params",
                Map.of("protocolVersion", PROTOCOL, "capabilities", Map.of(), "clientInfo", Map.of("name", "bench", "version", "1"))));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(hello)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("initialize answered " + answer.statusCode() + ": " + answer.body());
        }
        String session = answer.headers().firstValue("Mcp-Session-Id").orElse(null);
        HttpRequest.Builder initialized = HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", PROTOCOL)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
        if (session != null) {
            initialized.header("Mcp-Session-Id", session);
        }
        http.send(initialized.build(), HttpResponse.BodyHandlers.discarding());
        return session;
    }

    private static String toolCall(int i, List<CrmContactGenerator.Row> sample) throws IOException {
        return JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", i + 1, "method", "tools/call", "params",
                Map.of("name", "find_records", "arguments", Map.of("rule", "contacts", "record", record(sample.get(i % sample.size()), i)))));
    }

    private static Map<String, Object> record(CrmContactGenerator.Row row, int i) {
        Map<String, Object> fields = new LinkedHashMap<>();
        put(fields, "firstName", row.firstName());
        put(fields, "lastName", row.lastName());
        if (i % 2 == 0) {
            put(fields, "email", row.email());
        }
        put(fields, "phone", row.phone());
        put(fields, "companyName", row.company());
        put(fields, "country", row.country());
        return fields;
    }

    private static void put(Map<String, Object> fields, String name, String value) {
        if (value != null && !value.isEmpty()) {
            fields.put(name, value);
        }
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}

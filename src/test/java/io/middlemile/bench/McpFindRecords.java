package io.middlemile.bench;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent gateway's {@code find_records} under load, for {@link MatchApiBenchmark}: each thread is an agent with an
 * MCP SDK client over streamable HTTP, asking the match index about the sampled contacts (half with an email, half
 * without), and the run prints tool calls/s and p50/p90/p99/max latency.
 */
final class McpFindRecords {

    private McpFindRecords() {
    }

    static void run(int port, String token, List<CrmContactGenerator.Row> sample, int threads, int seconds, boolean print)
            throws InterruptedException {
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        AtomicLong errors = new AtomicLong();
        Thread[] agents = new Thread[threads];
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        for (int t = 0; t < threads; t++) {
            int id = t;
            agents[t] = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int count = 0;
                try (McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                                .customizeRequest(request -> request.header("Authorization", "Bearer " + token)).build())
                        .requestTimeout(Duration.ofSeconds(30)).build()) {
                    client.initialize();
                    for (int next = id; System.nanoTime() < end; next += threads) {
                        McpSchema.CallToolRequest call = new McpSchema.CallToolRequest("find_records",
                                Map.of("rule", "contacts", "record", record(sample.get(next % sample.size()), next)));
                        long t0 = System.nanoTime();
                        McpSchema.CallToolResult result = client.callTool(call);
                        long took = System.nanoTime() - t0;
                        if (Boolean.TRUE.equals(result.isError())) {
                            errors.incrementAndGet();
                        }
                        if (count == mine.length) {
                            mine = Arrays.copyOf(mine, mine.length * 2);
                        }
                        mine[count++] = took;
                    }
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
        if (!print) {
            return;
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        System.out.printf(Locale.ROOT, "find_records over MCP (streamable HTTP, %d agents): %,d calls in %.1f s = %,.0f calls/s;"
                        + " p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; %d errors%n", threads, total, elapsed, total / elapsed,
                percentile(all, 0.50), percentile(all, 0.90), percentile(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6,
                errors.get());
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

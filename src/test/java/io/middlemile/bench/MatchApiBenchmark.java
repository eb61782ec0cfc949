package io.middlemile.bench;

import io.middlemile.cli.EngineLauncherAccess;
import io.middlemile.dedupe.DedupeEngine;
import io.middlemile.dedupe.DedupeResult;
import io.middlemile.dedupe.DedupeRules;
import io.middlemile.match.IndexBuild;
import io.middlemile.match.MatchIndexes;
import io.middlemile.workspace.Workspace;
import org.springframework.jdbc.core.JdbcTemplate;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.FieldValue;
import io.middlemile.model.Provenance;
import io.middlemile.model.SourceRef;
import io.middlemile.store.MatchIndexStore;
import io.middlemile.testing.TestWorkspaces;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real-time match API at a million records: builds the {@code contacts} index as {@code middlemile dedupe} does
 * (generated HubSpot and Salesforce exports, {@link CrmContactGenerator}, the bundled {@code dedupe/contacts.yaml}),
 * saves it in the engine's store, loads it back as a restarted engine would, then sends {@code POST /api/match/contacts}
 * from a few client threads over loopback HTTP/1.1 keep-alive connections and prints p50/p90/p99/max latency and
 * requests/s. Half the requests carry an email, half only name, phone and company (the harder lookup). The clients
 * share the machine with the engine, so the figures include their CPU. Run it with a 3 GB heap:
 *
 * <pre>
 * java -Xmx3g -cp "$CP" io.middlemile.bench.MatchApiBenchmark 1000000 4 30    # records, client threads, seconds
 * </pre>
 * With {@code --compare-load} it first also times a load that standardizes every record again, as an index saved
 * without standardized values (before V17) or under another layout is loaded.
 *
 * With {@code mcp} it then asks the same lookups as an AI agent does, through the agent gateway: the
 * {@code find_records} tool over MCP's streamable HTTP transport, one client per thread, first with the MCP SDK's
 * client, then with the JDK's HTTP client and with the REST phase's minimal client ({@link McpFindRecords} says why),
 * and prints tool calls/s and latency percentiles for each.
 */
public final class MatchApiBenchmark {

    private static final String TOKEN = "benchmark-token-0123456789";
    private static final String AGENT_TOKEN = "benchmark-agent-token-0123456789";

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        boolean compareLoad = List.of(args).contains("--compare-load");
        boolean mcp = List.of(args).contains("mcp");
        Path dir = Files.createTempDirectory("middlemile-match-bench");
        Path workspace = TestWorkspaces.copyBundled(dir.resolve("workspace"));
        try (var routes = Files.list(workspace.resolve("routes"))) {
            for (Path route : routes.toList()) {
                Files.delete(route); // nothing but the API runs in this engine
            }
        }
        Path input = dir.resolve("contacts.csv");
        List<CrmContactGenerator.Row> sample = new ArrayList<>();
        long g0 = System.nanoTime();
        CrmContactGenerator.twoExports(42L, n).write(input, n, row -> {
            if (sample.size() < 20_000 && Math.floorMod(row.recordId().hashCode(), 47) == 0) {
                sample.add(row);
            }
        });
        System.out.printf(Locale.ROOT, "generated %,d contacts in %.1f s%n", n, (System.nanoTime() - g0) / 1e9);

        System.setProperty("middlemile.embedded-db.dir", dir.resolve("pg").toString());
        System.setProperty("MIDDLEMILE_API_TOKENS", "bench=" + TOKEN + ",agent:bench=" + AGENT_TOKEN);
        System.setProperty("server.port", "0");
        try (ConfigurableApplicationContext engine = EngineLauncherAccess.serve(workspace)) {
            int port = Integer.parseInt(engine.getEnvironment().getProperty("local.server.port"));
            build(engine, input);
            System.gc();
            long r0 = System.nanoTime();
            long[] rows = {0};
            engine.getBean(MatchIndexStore.class).forEach("contacts", true, record -> rows[0]++);
            System.out.printf(Locale.ROOT, "reading the saved index alone (cursor, %,d rows): %.1f s%n", rows[0],
                    (System.nanoTime() - r0) / 1e9);
            if (compareLoad) {
                // the load before the index kept standardized values (and of an index saved under another layout):
                // every record standardized again from its fields
                JdbcTemplate jdbc = engine.getBean(JdbcTemplate.class);
                String layout = jdbc.queryForObject("select standardized from match_index where rule = 'contacts'", String.class);
                jdbc.update("update match_index set standardized = 'none' where rule = 'contacts'");
                long s0 = System.nanoTime();
                int again = new MatchIndexes(engine.getBean(Workspace.class), engine.getBean(MatchIndexStore.class)).load("contacts");
                System.out.printf(Locale.ROOT, "index loaded standardizing every record again (as before the index kept"
                        + " standardized values): %,d records in %.1f s%n", again, (System.nanoTime() - s0) / 1e9);
                jdbc.update("update match_index set standardized = ? where rule = 'contacts'", layout);
                System.gc();
            }
            long l0 = System.nanoTime();
            int loaded = engine.getBean(MatchIndexes.class).load("contacts");
            double loadSeconds = (System.nanoTime() - l0) / 1e9;
            System.gc();
            Runtime rt = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "index loaded from the store as a restarted engine does: %,d records in %.1f s"
                            + " (%,.0f records/s); heap in use after GC %,d MB of max %,d MB%n", loaded, loadSeconds,
                    loaded / loadSeconds, (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);

            List<byte[]> requests = requests(sample, port);
            run(port, requests, threads, 10, false);
            run(port, requests, threads, seconds, true);
            if (mcp) {
                // the same warm-up as the REST phase's for the server; a shorter one for each further client
                int warmUp = 10;
                for (McpFindRecords.Client client : McpFindRecords.Client.values()) {
                    McpFindRecords.run(client, port, AGENT_TOKEN, sample, threads, warmUp, false);
                    McpFindRecords.run(client, port, AGENT_TOKEN, sample, threads, seconds, true);
                    warmUp = 3;
                }
            }
        }
        System.exit(0); // the served engine's Camel controller thread would keep the JVM alive
    }

    /** What `middlemile dedupe contacts` does: run the rule over every record and save the index as they stream by. */
    private static void build(ConfigurableApplicationContext engine, Path input) throws IOException {
        DedupeRules rules = Febrl.bundledRules("contacts.yaml");
        long t0 = System.nanoTime();
        long saved;
        try (Reader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(in, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build());
             IndexBuild index = new IndexBuild(engine.getBean(MatchIndexStore.class), "contacts", rules)) {
            Iterator<CSVRecord> rows = parser.iterator();
            Iterator<CanonicalRecord> records = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public CanonicalRecord next() {
                    return toRecord(rows.next());
                }
            };
            DedupeResult result = new DedupeEngine(rules).run(records, index);
            long t1 = System.nanoTime();
            saved = index.commit(result);
            System.out.printf(Locale.ROOT, "dedupe run with the index streamed into the store: %.1f s, commit %.1f s,"
                    + " %,d records saved; %s%n", (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9, saved, result.stats().summary());
        }
    }

    private static CanonicalRecord toRecord(CSVRecord row) {
        String source = row.get("source");
        Provenance provenance = new Provenance(source, null);
        Map<String, FieldValue> fields = new LinkedHashMap<>();
        String[][] columns = {{"first_name", "firstName"}, {"last_name", "lastName"}, {"email", "email"}, {"phone", "phone"},
            {"company", "companyName"}, {"website", "companyDomain"}, {"linkedin", "linkedinUrl"}, {"title", "title"},
            {"country", "country"}, {"created_at", "createdAt"}, {"updated_at", "updatedAt"}};
        for (String[] c : columns) {
            String v = row.get(c[0]);
            if (!v.isEmpty()) {
                fields.put(c[1], new FieldValue(v, provenance));
            }
        }
        String updated = row.get("updated_at");
        return new CanonicalRecord(Entity.PERSON, new SourceRef(source, "contacts", row.get("record_id")),
                updated.isEmpty() ? null : Instant.parse(updated), fields);
    }

    /** One HTTP request per sampled contact, as a CRM form or an enrichment step would ask. */
    private static List<byte[]> requests(List<CrmContactGenerator.Row> sample, int port) {
        List<byte[]> out = new ArrayList<>(sample.size());
        for (int i = 0; i < sample.size(); i++) {
            CrmContactGenerator.Row row = sample.get(i);
            StringBuilder json = new StringBuilder("{");
            field(json, "firstName", row.firstName());
            field(json, "lastName", row.lastName());
            if (i % 2 == 0) {
                field(json, "email", row.email());
            }
            field(json, "phone", row.phone());
            field(json, "companyName", row.company());
            field(json, "country", row.country());
            json.setLength(json.length() - 1);
            json.append('}');
            byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
            String head = "POST /api/match/contacts HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(body);
            out.add(request.toByteArray());
        }
        return out;
    }

    private static void field(StringBuilder json, String name, String value) {
        if (value != null && !value.isEmpty()) {
            json.append('"').append(name).append("\":\"").append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append("\",");
        }
    }

    private static void run(int port, List<byte[]> requests, int threads, int seconds, boolean print) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        AtomicLong errors = new AtomicLong();
        AtomicLong withCandidates = new AtomicLong();
        Thread[] clients = new Thread[threads];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int id = t;
            clients[t] = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int count = 0;
                int next = id;
                Connection connection = null;
                try {
                    while (System.nanoTime() < end) {
                        if (connection == null) {
                            connection = new Connection(port);
                        }
                        long s = System.nanoTime();
                        Answer answer = connection.send(requests.get(next % requests.size()));
                        long took = System.nanoTime() - s;
                        next += threads;
                        if (answer.status != 200) {
                            errors.incrementAndGet();
                        } else if (answer.body.contains("\"candidates\":[{")) {
                            withCandidates.incrementAndGet();
                        }
                        if (count == mine.length) {
                            mine = Arrays.copyOf(mine, mine.length * 2);
                        }
                        mine[count++] = took;
                        if (answer.close) {
                            connection.close();
                            connection = null;
                        }
                    }
                    if (connection != null) {
                        connection.close();
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                latencies[id] = mine;
                counts[id] = count;
            }, "client-" + t);
            clients[t].start();
        }
        for (Thread client : clients) {
            client.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int p = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies[t], 0, all, p, counts[t]);
            p += counts[t];
        }
        Arrays.sort(all);
        if (!print) {
            System.out.printf(Locale.ROOT, "warm-up: %,d requests in %.0f s%n", total, elapsed);
            return;
        }
        System.out.printf(Locale.ROOT, "POST /api/match/contacts over loopback HTTP, %d client threads, %d s, %d cores, index of"
                        + " a million-record run:%n  %,d requests, %,.0f requests/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms,"
                        + " max %.1f ms; %,d errors; %.1f%% with a candidate; load average %.1f%n", threads, seconds,
                Runtime.getRuntime().availableProcessors(), total, total / elapsed, all[total / 2] / 1e6,
                all[(int) (total * 0.90)] / 1e6, all[(int) (total * 0.99)] / 1e6, all[total - 1] / 1e6, errors.get(),
                100.0 * withCandidates.get() / total, java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage());
    }

    record Answer(int status, String body, boolean close) {
    }

    /** A minimal HTTP/1.1 keep-alive client: the JDK's HttpClient would spend more of the two cores than the server. */
    static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Connection(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        }

        Answer send(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String status = line();
            int code = Integer.parseInt(status.substring(9, 12));
            int length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                    body.write(in.readNBytes(size));
                    line();
                }
                line();
            } else if (length >= 0) {
                body.write(in.readNBytes(length));
            }
            return new Answer(code, body.toString(StandardCharsets.UTF_8), close);
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            if (c == -1 && b.length() == 0) {
                throw new IOException("the server closed the connection");
            }
            return b.toString();
        }

        void close() throws IOException {
            socket.close();
        }
    }
}

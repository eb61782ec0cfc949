package io.middlemile.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmulatorServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A minimal emulator: a route per mechanic of the base. */
    private static final class StubEmulator extends EmulatorServer {

        StubEmulator(int logSize) {
            super("Stub", logSize);
        }

        static StubEmulator start(int port, int logSize) {
            StubEmulator stub = new StubEmulator(logSize);
            stub.listen(port);
            return stub;
        }

        @Override
        protected void handle(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getRawPath();
            count(exchange.getRequestMethod() + " " + path);
            switch (path) {
                case "/json" -> {
                    ObjectNode body = JSON.createObjectNode().put("ok", true)
                            .put("q", form(exchange.getRequestURI().getRawQuery(), (a, b) -> a + "," + b).get("q"));
                    sendJson(exchange, new JsonAnswer(200, body), Map.of("X-Stub", "1"));
                }
                case "/empty" -> sendJson(exchange, JsonAnswer.noContent(), Map.of());
                case "/text" -> send(exchange, 418, "text/plain;charset=UTF-8", "short and stout", Map.of());
                case "/body" -> {
                    byte[] body = readBody(exchange, 8);
                    if (body == null) {
                        send(exchange, 413, "text/plain;charset=UTF-8", "over 8 bytes", Map.of());
                    } else {
                        send(exchange, 200, "text/plain;charset=UTF-8", new String(body), Map.of());
                    }
                }
                case "/bearer" -> send(exchange, 200, "text/plain;charset=UTF-8", String.valueOf(bearerToken(exchange)), Map.of());
                default -> throw new IllegalStateException("no route " + path);
            }
        }

        @Override
        protected JsonNode failureBody(RuntimeException failure) {
            return JSON.createObjectNode().put("vendorError", failure.getMessage());
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private StubEmulator stub;

    @AfterEach
    void stop() {
        if (stub != null) {
            stub.stop();
        }
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(stub.baseUrl() + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(stub.baseUrl() + path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void startsOnAFreeLoopbackPortAndAnswersJsonTextAndEmpty() throws Exception {
        stub = StubEmulator.start(0, EmulatorServer.REQUEST_LOG_SIZE);

        assertThat(stub.port()).isPositive();
        assertThat(stub.baseUrl()).isEqualTo("http://127.0.0.1:" + stub.port());

        HttpResponse<String> json = get("/json?q=a%20b&q=c");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type")).hasValue(EmulatorServer.JSON_TYPE);
        assertThat(json.headers().firstValue("X-Stub")).hasValue("1");
        assertThat(JSON.readTree(json.body())).isEqualTo(JSON.readTree("{\"ok\":true,\"q\":\"a b,c\"}"));

        HttpResponse<String> text = get("/text");
        assertThat(text.statusCode()).isEqualTo(418);
        assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
        assertThat(text.body()).isEqualTo("short and stout");

        HttpResponse<String> empty = get("/empty");
        assertThat(empty.statusCode()).isEqualTo(204);
        assertThat(empty.body()).isEmpty();
    }

    @Test
    void anUnexpectedFailureIsA500WithTheVendorsBody() throws Exception {
        stub = StubEmulator.start(0, EmulatorServer.REQUEST_LOG_SIZE);

        HttpResponse<String> failed = get("/nowhere");

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.headers().firstValue("Content-Type")).hasValue(EmulatorServer.JSON_TYPE);
        assertThat(JSON.readTree(failed.body()).path("vendorError").asText()).isEqualTo("no route /nowhere");
        assertThat(stub.requestLog()).extracting(RequestLog.Entry::status).containsExactly(500);
    }

    @Test
    void aBodyOverTheCapIsNotRead() throws Exception {
        stub = StubEmulator.start(0, EmulatorServer.REQUEST_LOG_SIZE);

        assertThat(post("/body", "12345678").body()).isEqualTo("12345678");
        HttpResponse<String> tooLong = post("/body", "123456789");
        assertThat(tooLong.statusCode()).isEqualTo(413);
        assertThat(tooLong.body()).isEqualTo("over 8 bytes");
    }

    @Test
    void readsTheBearerToken() throws Exception {
        stub = StubEmulator.start(0, EmulatorServer.REQUEST_LOG_SIZE);

        HttpResponse<String> with = http.send(HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/bearer"))
                .header("Authorization", "Bearer  tok-1 ").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> basic = http.send(HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/bearer"))
                .header("Authorization", "Basic dXNlcjpwdw==").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(with.body()).isEqualTo("tok-1");
        assertThat(basic.body()).isEqualTo("null");
    }

    @Test
    void logsMethodTargetAndStatusOfTheLastRequestsAndCountsRoutes() throws Exception {
        stub = StubEmulator.start(0, 3);

        get("/json?q=1");
        get("/text");
        post("/body", "too long for the cap");
        get("/empty");
        get("/json?q=2");

        assertThat(stub.requestLog()).containsExactly(
                new RequestLog.Entry("POST", "/body", 413),
                new RequestLog.Entry("GET", "/empty", 204),
                new RequestLog.Entry("GET", "/json?q=2", 200));
        assertThat(stub.requestCount()).isEqualTo(5);
        assertThat(stub.requestCount("GET /json")).isEqualTo(2);
        assertThat(stub.requestCount("DELETE /json")).isZero();
    }

    @Test
    void theLogKeepsAThousandRequestsByDefaultAndIsSafeAcrossThreads() throws Exception {
        RequestLog log = new RequestLog(EmulatorServer.REQUEST_LOG_SIZE);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            writers.add(threads.submit(() -> {
                for (int i = 0; i < 1_000; i++) {
                    log.add(new RequestLog.Entry("GET", "/" + thread + "/" + i, 200));
                }
            }));
        }
        for (Future<?> writer : writers) {
            writer.get(30, TimeUnit.SECONDS);
        }
        threads.shutdown();

        assertThat(log.entries()).hasSize(1_000).doesNotContainNull();
        assertThatThrownBy(() -> new RequestLog(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stopFreesThePortAndATakenPortIsRefused() throws Exception {
        stub = StubEmulator.start(0, EmulatorServer.REQUEST_LOG_SIZE);
        int port = stub.port();

        assertThatThrownBy(() -> StubEmulator.start(port, 10))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Stub emulator on port " + port);

        stub.stop();
        stub.stop(); // again: nothing to do
        assertThatThrownBy(stub::baseUrl).isInstanceOf(IllegalStateException.class).hasMessageContaining("not running");
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }
}

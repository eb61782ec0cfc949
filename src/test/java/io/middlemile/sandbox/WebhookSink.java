package io.middlemile.sandbox;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A hub webhook endpoint for emulator tests, as small as it gets: records each delivery, answers the next queued status or 200. */
public final class WebhookSink implements AutoCloseable {

    /** One delivery: the value of the secret header asked for, and the body. */
    public record Delivery(String secret, String body) {
    }

    private final List<Delivery> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> statuses = new ArrayDeque<>();
    private final HttpServer server;

    /** @param secretHeader the header whose value each delivery records */
    public WebhookSink(String secretHeader) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Delivery(exchange.getRequestHeaders().getFirst(secretHeader), new String(body, StandardCharsets.UTF_8)));
            Integer status;
            synchronized (statuses) {
                status = statuses.pollFirst();
            }
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        server.start();
    }

    /** The next deliveries are answered these statuses, in order; then 200. */
    public void answer(Integer... next) {
        synchronized (statuses) {
            statuses.addAll(List.of(next));
        }
    }

    public List<Delivery> received() {
        return List.copyOf(received);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

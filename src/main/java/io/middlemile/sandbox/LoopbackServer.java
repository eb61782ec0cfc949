package io.middlemile.sandbox;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The embedded HTTP server an emulator answers on: loopback only, daemon threads, as many as requests arrive at once (a
 * real service answers every call in flight; with an answer latency each one holds a thread while it waits).
 */
public final class LoopbackServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;

    static {
        // The JDK server writes an answer's headers and body apart; without TCP_NODELAY, Nagle's algorithm and the client's
        // delayed ACK hold every answer about 40 ms (measured 45 ms a request, 2-4 ms with it). Read once, when the JDK's
        // server configuration loads: set before the first server of the process starts, an operator's -D still wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private LoopbackServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts on the given port (0 = any free port) of the loopback interface. */
    public static LoopbackServer start(String provider, int port, HttpHandler handler) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new EmulatorStartException("Cannot start the " + provider + " emulator on port " + port + ": " + e.getMessage()
                    + ". Is another one running there? Stop it, or pick another port with --port (0 for any free one).", e);
        }
        ExecutorService executor = new java.util.concurrent.ThreadPoolExecutor(4, Integer.MAX_VALUE, 30, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, provider.toLowerCase() + "-emulator");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.start();
        return new LoopbackServer(server, executor);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The port it listens on (the one picked when started on 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

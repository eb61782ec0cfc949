package io.middlemile.connector;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The JDK HTTP client's own failures, as the connectors meet them, said in words. */
class NoAnswerTest {

    /** The connect time-out covers the TLS handshake too, and the JVM's first handshake loads its trust store and ciphers. */
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    private static IOException failureOf(String url, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build();
        return catchThrowableOfType(() -> CLIENT.send(request, HttpResponse.BodyHandlers.discarding()), IOException.class);
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "no-answer-test-server");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Test
    void aRefusedConnectionIsSaidAsRefusedNotAsConnectExceptionNull() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        IOException failure = failureOf("http://127.0.0.1:" + closed + "/crm/v3/objects/contacts", Duration.ofSeconds(5));

        assertThat(failure).hasMessage(null); // what the message used to quote
        assertThat(NoAnswer.describe(failure)).isEqualTo("the connection was refused (nothing listens at the connection's"
                + " baseUrl, or a firewall turned it away)");
    }

    @Test
    void anUnknownHostIsSaidAsSuch() {
        IOException failure = failureOf("http://no-such-host.invalid/v1/", Duration.ofSeconds(5));

        assertThat(NoAnswer.describe(failure)).isEqualTo("the host name is not known (check the connection's baseUrl and this"
                + " machine's DNS)");
    }

    @Test
    void aServerThatNeverAnswersIsATimeOutAndPlainHttpOnAnHttpsUrlIsTheHandshake() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread accepting = daemon(() -> {
                try (Socket held = silent.accept()) {
                    held.getInputStream().read(new byte[4096]);
                    Thread.sleep(10_000);
                } catch (IOException | InterruptedException ignored) {
                    // the test ends the socket
                }
            });
            IOException failure = failureOf("http://127.0.0.1:" + silent.getLocalPort() + "/", Duration.ofMillis(300));
            assertThat(NoAnswer.describe(failure)).isEqualTo("no answer within the time-out");
            accepting.interrupt();
        }
        try (ServerSocket plain = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            // As a plain HTTP server does: read what the client sent (its TLS hello), answer, and wait for it to hang up.
            // Answering before reading and closing at once resets the connection with the hello unread, and the JDK
            // client then loses the failure about once in a hundred handshakes and waits out its connect time-out
            // (measured: 3 of 300; 0 of 300 this way). That race, not a slow machine, failed this test three times.
            Thread answering = daemon(() -> {
                try (Socket held = plain.accept(); InputStream in = held.getInputStream(); OutputStream out = held.getOutputStream()) {
                    in.read(new byte[4096]);
                    out.write("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    in.transferTo(OutputStream.nullOutputStream());
                } catch (IOException ignored) {
                    // the client hangs up once it reads a plain answer
                }
            });
            // a generous time-out: the answer comes at once, but a loaded machine (CI, 2 cores) may take seconds to run the thread
            IOException failure = failureOf("https://127.0.0.1:" + plain.getLocalPort() + "/", Duration.ofSeconds(30));
            assertThat(NoAnswer.describe(failure)).startsWith("the TLS handshake failed (").endsWith("; check the connection's"
                    + " baseUrl and any proxy that intercepts HTTPS)");
            answering.join(5_000);
        }
    }
}

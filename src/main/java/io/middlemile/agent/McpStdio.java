package io.middlemile.agent;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * The agent gateway's stdio, between the desktop agent and the MCP library's stdio transport
 * (https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#stdio: one JSON-RPC message per line).
 * The library ends the whole session at the first line it cannot read, and then stops reading, so one stray line from
 * an agent left the process waiting forever; and when the agent closed stdin after its last request, the session closed
 * before that request's answer was written. Here:
 * <ul>
 *   <li>each line is capped ({@link #MAX_LINE_BYTES}, the same megabyte the HTTP endpoints take) and checked before the
 *       library sees it: a line that is not JSON is answered with JSON-RPC's parse error (-32700), one that is not a
 *       message (a number, a batch, an object without {@code method}, {@code result} or {@code error}) or is too long
 *       with invalid request (-32600), a request whose params are not of MCP's shape ({@code tools/call} without a
 *       {@code name}, or with {@code arguments} that are not an object) with invalid params (-32602) and its id, and
 *       skipped; the session goes on;</li>
 *   <li>the end of stdin reaches the library only once every request read has been answered (or after {@code drain});</li>
 *   <li>a request sent before the agent's {@code notifications/initialized} waits for it (the library's rule): the
 *       operator is told at once, and at the end of stdin such a request is not waited for, as it can no longer be
 *       answered.</li>
 * </ul>
 * Answers and the library's own messages go out whole lines at a time, never interleaved.
 */
public final class McpStdio {

    /** The longest message line read; JSON-RPC has no limit of its own. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private final ObjectMapper json = new ObjectMapper();
    private final BufferedInputStream stdin;
    private final OutputStream stdout;
    private final PrintStream log;
    private final Duration drain;
    // the JSON text of the id of each request passed on and not yet answered
    private final Set<String> unanswered = ConcurrentHashMap.newKeySet();
    private final CountDownLatch ended = new CountDownLatch(1);
    private long lineNumber;
    // the library answers a request (other than initialize) only once the agent has sent notifications/initialized
    // (https://modelcontextprotocol.io/specification/2025-06-18/basic/lifecycle); one sent before it waits for it
    private volatile boolean initialized;
    // the ids of the requests that came before it
    private final Set<String> beforeInitialized = ConcurrentHashMap.newKeySet();

    /**
     * @param log   where the gateway tells the operator what it skipped (stderr: stdout carries the protocol only)
     * @param drain how long the end of stdin waits for answers still being worked out
     */
    public McpStdio(InputStream stdin, OutputStream stdout, PrintStream log, Duration drain) {
        this.stdin = new BufferedInputStream(stdin);
        this.stdout = stdout;
        this.log = log;
        this.drain = drain;
    }

    /** What the library's transport reads: the agent's well-formed messages, then the end once they are answered. */
    public InputStream input() {
        return new InputStream() {
            private byte[] line = new byte[0];
            private int at;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (length == 0) {
                    return 0;
                }
                while (at == line.length) {
                    byte[] next = nextMessage();
                    if (next == null) {
                        awaitAnswers();
                        ended.countDown();
                        return -1;
                    }
                    line = next;
                    at = 0;
                }
                int n = Math.min(length, line.length - at);
                System.arraycopy(line, at, buffer, offset, n);
                at += n;
                return n;
            }
        };
    }

    /** What the library's transport writes to: each line goes to stdout whole, and an answer is counted as such. */
    public OutputStream output() {
        return new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
                int from = offset;
                for (int i = offset; i < offset + length; i++) {
                    if (bytes[i] == '\n') {
                        pending.write(bytes, from, i - from);
                        send(pending.toByteArray());
                        pending.reset();
                        from = i + 1;
                    }
                }
                pending.write(bytes, from, offset + length - from);
            }
        };
    }

    /** Waits until the agent has closed stdin and every request it sent was answered (or the drain time ran out). */
    public void awaitEnd() throws InterruptedException {
        ended.await();
    }

    /** The next line that is a message, with its newline; null at the end of stdin. Other lines are answered here. */
    private byte[] nextMessage() throws IOException {
        while (true) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            boolean tooLong = false;
            int b;
            while ((b = stdin.read()) >= 0 && b != '\n') {
                if (line.size() < MAX_LINE_BYTES) {
                    line.write(b);
                } else {
                    tooLong = true; // read on to the line's end, keeping nothing more of it
                }
            }
            if (b < 0 && line.size() == 0) {
                return null;
            }
            lineNumber++;
            if (tooLong) {
                refuse(-32600, "Invalid Request: line " + lineNumber + " of stdin is longer than " + MAX_LINE_BYTES
                        + " bytes; it was skipped unread");
                continue;
            }
            String text = line.toString(StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                continue;
            }
            JsonNode message;
            try {
                message = json.readTree(text);
            } catch (IOException e) {
                refuse(-32700, "Parse error: line " + lineNumber + " of stdin is not JSON ("
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "); it was skipped");
                continue;
            }
            if (message == null || !message.isObject() || !(message.path("method").isTextual() || message.has("id")
                    && (message.has("result") || message.has("error")))) {
                refuse(-32600, "Invalid Request: line " + lineNumber + " of stdin is not a JSON-RPC message (an object with"
                        + " \"method\", or an answer with \"id\" and \"result\" or \"error\"; batches are not taken); it was skipped");
                continue;
            }
            String method = message.path("method").asText("");
            JsonRpcCheck.Refusal params = !method.isEmpty() && message.hasNonNull("id")
                    ? JsonRpcCheck.params(method, message.get("params"), message.get("id")) : null;
            if (params != null) {
                // the library would answer with Jackson's words naming Java classes: answered here, with the request's id
                log.println("Agent gateway: " + params.message() + " (line " + lineNumber + " of stdin); it was answered and skipped.");
                send(json.writeValueAsBytes(params.answer()));
                continue;
            }
            if (method.equals("notifications/initialized")) {
                initialized = true;
            }
            if (!method.isEmpty() && message.hasNonNull("id")) {
                String id = message.get("id").toString();
                unanswered.add(id);
                if (!initialized && !method.equals("initialize")) {
                    beforeInitialized.add(id);
                    log.println("Agent gateway: " + method + " (line " + lineNumber + " of stdin) came before the agent's"
                            + " notifications/initialized; it is answered once that notification comes (the MCP lifecycle:"
                            + " the agent sends it after the answer to initialize).");
                }
            }
            return (text + "\n").getBytes(StandardCharsets.UTF_8);
        }
    }

    private void refuse(int code, String why) throws IOException {
        log.println("Agent gateway: " + why + ".");
        ObjectNode answer = json.createObjectNode().put("jsonrpc", "2.0").putNull("id");
        answer.putObject("error").put("code", code).put("message", why);
        send(json.writeValueAsBytes(answer));
    }

    private void send(byte[] line) throws IOException {
        synchronized (stdout) {
            stdout.write(line);
            stdout.write('\n');
            stdout.flush();
        }
        String id = answeredId(line);
        if (id != null && unanswered.remove(id)) {
            synchronized (unanswered) {
                unanswered.notifyAll();
            }
        }
    }

    /**
     * The id a line answers, or null when it is not an answer (a request or notification of the server's own). Read with
     * the streaming parser, skipping the values: an answer the library has just written can be a large tool result.
     */
    private String answeredId(byte[] line) {
        try (JsonParser parser = json.getFactory().createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String id = null;
            boolean answer = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("id") && value != JsonToken.VALUE_NULL) {
                    id = value == JsonToken.VALUE_STRING ? json.writeValueAsString(parser.getText()) : parser.getText();
                } else if (field.equals("result") || field.equals("error")) {
                    answer = true;
                }
                parser.skipChildren();
            }
            return answer ? id : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void awaitAnswers() throws IOException {
        if (!initialized && unanswered.removeAll(beforeInitialized)) {
            // waiting for them would only wait out the drain time: the notification can no longer come
            log.printf("Agent gateway: stdin closed before the agent sent notifications/initialized; the request(s) waiting"
                    + " for it cannot be answered and are dropped. Fix the agent's MCP client: it sends that notification"
                    + " after the answer to initialize.%n");
        }
        long deadline = System.nanoTime() + drain.toNanos();
        if (!unanswered.isEmpty()) {
            log.printf("Agent gateway: stdin closed; answering the %d request(s) still being worked on before stopping.%n",
                    unanswered.size());
        }
        synchronized (unanswered) {
            long left;
            while (!unanswered.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                try {
                    unanswered.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("stopped while answering the last requests");
                }
            }
        }
        if (!unanswered.isEmpty()) {
            log.printf("Agent gateway: %d request(s) were still unanswered %d s after stdin closed; stopping without them.%n",
                    unanswered.size(), drain.toSeconds());
        }
    }
}

package io.middlemile.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, byte for byte as written: request lines and headers that
 * {@link java.net.http.HttpClient} would normalize or refuse (path tricks, duplicate headers, lying
 * Content-Length, endless chunked bodies) reach the server unchanged.
 */
public final class RawHttp {

    /** An answer: status code and body text. */
    public record Answer(int status, String body) {
    }

    private final int port;

    public RawHttp(int port) {
        this.port = port;
    }

    /** Sends a request head (without the blank line) and an optional body. */
    public Answer send(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                try {
                    out.write(body);
                } catch (SocketException e) {
                    // the server answered and closed before taking the whole body: read its answer
                }
            }
            out.flush();
            return read(socket.getInputStream());
        }
    }

    /**
     * Streams a chunked body of {@code totalBytes} in 64 KiB chunks, stopping when the server closes
     * the connection early (as it should once the cap is passed).
     */
    public Answer sendChunked(String head, long totalBytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nHost: 127.0.0.1\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' '); // JSON whitespace: only the cap stops the reader
            try {
                for (long sent = 0; sent < totalBytes; sent += chunk.length) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (SocketException e) {
                // closed early: expected for an oversized body
            }
            return read(socket.getInputStream());
        }
    }

    /**
     * Reads one answer by its own framing (Content-Length or chunked), as a real client does: a server
     * may keep the connection open after answering, e.g. while it discards a refused body.
     */
    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
            }
        } catch (SocketException e) {
            // a reset right after the answer
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        if (!headers.startsWith("HTTP/1.1 ")) {
            return new Answer(-1, headers);
        }
        int status = Integer.parseInt(headers.substring(9, 12));
        String lower = headers.toLowerCase(java.util.Locale.ROOT);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("\r\ncontent-length: *(\\d+)").matcher(lower);
        if (length.find()) {
            body.write(in.readNBytes(Integer.parseInt(length.group(1))));
        } else if (lower.contains("\r\ntransfer-encoding: chunked")) {
            while (true) {
                String size = line(in);
                int n = size.isEmpty() ? 0 : Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    break;
                }
                body.write(in.readNBytes(n));
                line(in);
            }
        } else {
            in.transferTo(body);
        }
        return new Answer(status, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}

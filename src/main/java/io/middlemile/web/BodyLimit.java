package io.middlemile.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Caps every inbound body ({@code middlemile.http.max-body-size}, 1 MB by default). A declared
 * Content-Length over the cap gets 413 before a byte is read; a chunked body is counted as it streams
 * and reading past the cap throws {@link BodyTooLargeException}, which the handlers answer with 413. A form (URL-encoded
 * or multipart) sent chunked gets 411: the container reads form parameters past this filter's stream.
 * Nothing upstream buffers a body whole, so an unauthenticated sender cannot make the engine hold more.
 */
final class BodyLimit extends OncePerRequestFilter {

    private final long maxBytes;

    BodyLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            // close the connection: Tomcat would otherwise read the rest of the body to keep it alive
            response.setHeader("Connection", "close");
            ErrorAnswer.write(response, 413, BodyTooLargeException.message(maxBytes));
            return;
        }
        if (declared < 0 && isForm(request.getContentType()) && hasBody(request)) {
            // the servlet container parses a form's parameters from its own buffer, not through the capped stream below, and a
            // chunked form would be read up to its own (larger) form limit before anything here could refuse it; browsers
            // always declare a form's length
            response.setHeader("Connection", "close");
            ErrorAnswer.write(response, 411, "A form body must declare its length (Content-Length); a chunked form is not read."
                    + " Send it with Content-Length (browsers do), of at most " + maxBytes + " bytes (middlemile.http.max-body-size).");
            return;
        }
        chain.doFilter(new Capped(request, maxBytes), response);
    }

    private static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(java.util.Locale.ROOT);
        return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");
    }

    /** Without a Content-Length, a body follows the headers only chunked (HTTP/1.1 has no other way to send one). */
    private static boolean hasBody(HttpServletRequest request) {
        String encoding = request.getHeader("Transfer-Encoding");
        return encoding != null && !encoding.isBlank();
    }

    /** The request with an input stream that stops at the cap. */
    private static final class Capped extends HttpServletRequestWrapper {
        private final long maxBytes;
        private ServletInputStream stream;

        Capped(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CappedStream(super.getInputStream(), maxBytes);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class CappedStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long maxBytes;
        private long read;

        CappedStream(ServletInputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > maxBytes) {
                throw new BodyTooLargeException(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}

package io.middlemile.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;

/** The one shape of every error the HTTP surface answers: {@code {"error": "what happened, what to do"}}. */
final class ErrorAnswer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorAnswer() {
    }

    static void write(HttpServletResponse response, int status, String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        byte[] body = JSON.writeValueAsBytes(Map.of("error", message));
        response.setContentType("application/json");
        // a length, not chunks: the answer is complete at once, even while the server discards a refused body
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}

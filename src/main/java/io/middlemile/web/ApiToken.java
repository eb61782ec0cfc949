package io.middlemile.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Every {@code /api} call needs {@code Authorization: Bearer $MIDDLEMILE_API_TOKEN}: the API can
 * approve writes into a CRM, so it is off unless an operator sets a token in the environment.
 */
@Component
public class ApiToken extends OncePerRequestFilter {

    private final String token;

    public ApiToken(@Value("${MIDDLEMILE_API_TOKEN:}") String token) {
        this.token = token;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (token.isBlank()) {
            reply(response, 503, "The REST API is off: set MIDDLEMILE_API_TOKEN in the engine's environment to turn it on.");
            return;
        }
        String header = request.getHeader("Authorization");
        String given = header != null && header.startsWith("Bearer ") ? header.substring(7) : "";
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            reply(response, 401, "Missing or wrong API token: send Authorization: Bearer <MIDDLEMILE_API_TOKEN>.");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void reply(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"" + message.replace("\"", "'") + "\"}");
    }
}

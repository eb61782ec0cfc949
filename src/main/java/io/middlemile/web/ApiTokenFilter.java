package io.middlemile.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Authenticates {@code Authorization: Bearer <token>} against the named tokens. It only says who the
 * caller is; which paths need a caller is decided by the filter chain's rules in {@link WebSecurity},
 * on the path Spring routes by, never on a prefix of the raw URI.
 */
final class ApiTokenFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;

    ApiTokenFilter(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Optional<String> caller = tokens.nameOf(header.substring(7).trim());
            caller.ifPresent(name -> SecurityContextHolder.getContext().setAuthentication(Callers.of(name, tokens)));
        }
        chain.doFilter(request, response);
    }
}

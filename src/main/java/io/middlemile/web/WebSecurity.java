package io.middlemile.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.util.unit.DataSize;

import jakarta.servlet.DispatcherType;

/**
 * Who may call what. Spring Security decides on the path Spring MVC routes by (decoded, without
 * {@code ;parameters}), and its strict firewall refuses ambiguous paths ({@code ;}, encoded slashes,
 * {@code //}, {@code ..}) before any rule runs, so no spelling of a path reaches a handler around its rule.
 *
 * <ul>
 *   <li>{@code POST /webhooks/{type}/{connection}}: open at this layer; {@link WebhookController} authenticates
 *       each delivery by its provider's signature ({@code connector.WebhookReceiver}), within the body cap, and
 *       answers a type without a receiver like a forged delivery.</li>
 *   <li>Everything else, {@code /api/**} included: a named API token ({@link ApiTokens}). Any token reads
 *       (GET, and the match query); acting (approve, reject, roll back, run a job, the kill switch) needs a
 *       token that {@code MIDDLEMILE_API_READ_ONLY} does not name: 403 otherwise.</li>
 *   <li>{@code /mcp} and {@code /api/actions/**}: the agent gateway (MCP, and the same tools over REST), for AI
 *       agents' tokens ({@code agent:NAME}) only; an agent's token reaches nothing else (403).</li>
 * </ul>
 */
@Configuration
@EnableWebSecurity
// single commands (job run, apply, review) serve nothing, so a token mistake must not stop them
@ConditionalOnWebApplication
public class WebSecurity {

    @Bean
    ApiTokens apiTokens(Environment environment) {
        return ApiTokens.parse(environment.getProperty("MIDDLEMILE_API_TOKENS"), environment.getProperty("MIDDLEMILE_API_TOKEN"),
                environment.getProperty("MIDDLEMILE_API_READ_ONLY"));
    }

    @Bean
    SecurityFilterChain filterChain(HttpSecurity http, ApiTokens tokens) throws Exception {
        AuthenticationEntryPoint refuse = (request, response, failure) -> {
            if (!tokens.enabled()) {
                ErrorAnswer.write(response, 503, "The REST API is off: set MIDDLEMILE_API_TOKENS (name=token,...) or"
                        + " MIDDLEMILE_API_TOKEN in the engine's environment to turn it on.");
            } else {
                ErrorAnswer.write(response, 401, "Missing or wrong API token: send Authorization: Bearer <token>, a token"
                        + " from MIDDLEMILE_API_TOKENS or MIDDLEMILE_API_TOKEN.");
            }
        };
        http
                // no cookies and no sessions: each call carries its token or its provider signature, so there is
                // no ambient credential for a forged cross-site request to ride on
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .addFilterBefore(new ApiTokenFilter(tokens), AuthorizationFilter.class)
                .authorizeHttpRequests(rules -> rules
                        // Spring's own error page, after a rule above already let the request in
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.POST, "/webhooks/*/*").permitAll()
                        // the agent gateway (io.middlemile.agent): agents' tokens only, and they reach nothing else
                        .requestMatchers("/mcp", "/mcp/**", "/api/actions", "/api/actions/**").hasRole(Callers.AGENT)
                        // reading is every token's; a match query only reads, though it is a POST
                        .requestMatchers(HttpMethod.GET, "/**").hasRole(Callers.ROLE)
                        .requestMatchers(HttpMethod.HEAD, "/**").hasRole(Callers.ROLE)
                        .requestMatchers(HttpMethod.POST, "/api/match/**").hasRole(Callers.ROLE)
                        .anyRequest().hasRole(Callers.OPERATOR))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(refuse).accessDeniedHandler((request, response, denied) -> {
                    org.springframework.security.core.Authentication caller =
                            org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
                    if (Callers.agent(caller)) {
                        ErrorAnswer.write(response, 403, "This is an AI agent's token (" + caller.getName() + "): it reaches only the"
                                + " agent gateway (/mcp, /api/actions), not " + request.getMethod() + " " + request.getRequestURI() + ".");
                    } else if (request.getRequestURI().startsWith("/mcp") || request.getRequestURI().startsWith("/api/actions")) {
                        ErrorAnswer.write(response, 403, "The agent gateway (/mcp, /api/actions) takes AI agents' tokens only: give the agent a"
                                + " token of its own in MIDDLEMILE_API_TOKENS as agent:NAME=<token>, so its writes are decided and"
                                + " journaled under its name.");
                    } else {
                        ErrorAnswer.write(response, 403, "This token is read-only (MIDDLEMILE_API_READ_ONLY): it may read, not "
                                + request.getMethod() + " " + request.getRequestURI() + ". Use an operator's token to act.");
                    }
                }));
        return http.build();
    }

    /** A path the firewall refuses gets a 400 that says why, not a 500. */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return (request, response, rejected) -> ErrorAnswer.write(response, 400, "Refused an ambiguous request path"
                + " (path parameters, encoded slashes, '//', '..' or control characters are not accepted); call the"
                + " endpoint by its plain path");
    }

    /** Runs before authentication: an oversized body is refused before anything reads it. */
    @Bean
    FilterRegistrationBean<BodyLimit> bodyLimit(@Value("${middlemile.http.max-body-size:1MB}") DataSize limit) {
        FilterRegistrationBean<BodyLimit> registration = new FilterRegistrationBean<>(new BodyLimit(limit.toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}

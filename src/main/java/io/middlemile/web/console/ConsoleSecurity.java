package io.middlemile.web.console;

import io.middlemile.web.ApiTokens;
import io.middlemile.web.Callers;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.server.CookieSameSiteSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;

import java.util.Map;

/**
 * Who may use the console ({@code /console/**}). The same named tokens as the REST API, entered once on the login page;
 * then a session cookie (HttpOnly, SameSite=Strict) carries the caller, so every form carries Spring Security's CSRF
 * token and a post without it is refused. Any person's token reads every page (an AI agent's is refused at the sign-in:
 * it reaches only the agent gateway); approving, rejecting, rolling back, running a job and the kill switch need a token
 * that MIDDLEMILE_API_READ_ONLY does not name, and get a 403 page otherwise. The
 * REST API keeps its own chain ({@code io.middlemile.web.WebSecurity}): a bearer token on every call, no session, so
 * the console's cookie never authenticates an API call.
 */
@Configuration
@ConditionalOnWebApplication
class ConsoleSecurity {

    static final String LOGIN = "/console/login";

    // before the API's chain, which takes every other path
    @Bean
    @Order(1)
    SecurityFilterChain consoleChain(HttpSecurity http, ApiTokens tokens) throws Exception {
        http
                .securityMatcher("/console/**")
                .authenticationProvider(new TokenLogin(tokens))
                .formLogin(form -> form
                        .loginPage(LOGIN)
                        .loginProcessingUrl(LOGIN)
                        // the login form has one field, the token: who the caller is follows from it
                        .passwordParameter("token")
                        .defaultSuccessUrl("/console", false)
                        // an agent's token is the right token for the wrong door: the page says which door is its
                        .failureHandler(failures()))
                .logout(logout -> logout.logoutUrl("/console/logout").logoutSuccessUrl(LOGIN + "?signed-out"))
                .httpBasic(AbstractHttpConfigurer::disable)
                // no script, no frame, no form posted elsewhere: the console is plain HTML forms
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; script-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")))
                .authorizeHttpRequests(rules -> rules
                        // the 403 page is a forward, and Spring's error page a dispatch, after a rule below already decided
                        .dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR).permitAll()
                        .requestMatchers(LOGIN, "/console/console.css").permitAll()
                        .requestMatchers(HttpMethod.GET, "/console/**").hasRole(Callers.ROLE)
                        .requestMatchers(HttpMethod.HEAD, "/console/**").hasRole(Callers.ROLE)
                        .anyRequest().hasRole(Callers.OPERATOR))
                .exceptionHandling(errors -> errors.accessDeniedPage("/console/denied"));
        return http.build();
    }

    /** A wrong token back to the login page with {@code ?error}, an agent's with {@code ?agent}; each says what to do. */
    private static ExceptionMappingAuthenticationFailureHandler failures() {
        ExceptionMappingAuthenticationFailureHandler failures = new ExceptionMappingAuthenticationFailureHandler();
        failures.setDefaultFailureUrl(LOGIN + "?error");
        failures.setExceptionMappings(Map.of(TokenLogin.AgentTokenException.class.getName(), LOGIN + "?agent"));
        return failures;
    }

    /** The session cookie (and any other) is never sent on a request another site starts. */
    @Bean
    CookieSameSiteSupplier strictCookies() {
        return CookieSameSiteSupplier.ofStrict();
    }
}

package io.middlemile.web.console;

import io.middlemile.web.ApiTokens;
import io.middlemile.web.Callers;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * The console's sign-in: the token typed on the login page names the caller, exactly as a bearer token names an API
 * caller. Only the token's name is kept in the session; the token itself is dropped once checked.
 */
final class TokenLogin implements AuthenticationProvider {

    private final ApiTokens tokens;

    TokenLogin(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        Object token = attempt.getCredentials();
        String name = token == null || token.toString().isBlank() ? null : tokens.nameOf(token.toString().trim()).orElse(null);
        if (name == null) {
            throw new BadCredentialsException("not a token of MIDDLEMILE_API_TOKENS");
        }
        return Callers.of(name, tokens);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}

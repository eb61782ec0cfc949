package io.middlemile.web.console;

import io.middlemile.web.ApiTokens;
import io.middlemile.web.Callers;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AccountStatusException;
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
        if (ApiTokens.agent(name)) {
            // an agent's token reaches only the agent gateway: signed in, it would meet a 403 on every page
            throw new AgentTokenException(name);
        }
        return Callers.of(name, tokens);
    }

    /**
     * A right token, but an AI agent's ({@code agent:NAME}): the login page says to sign in with a person's token. An account
     * status, not bad credentials, so no other provider is asked and the login page learns which it was.
     */
    static final class AgentTokenException extends AccountStatusException {
        AgentTokenException(String name) {
            super(name + " is an AI agent's token: it reaches only /mcp and /api/actions, not the console");
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}

package io.middlemile.web;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * Who a token holder is once their token is known, the same for the REST API (a bearer token on every call) and
 * the console (a token entered once, then a session): the token's name, and the roles that say what it may do.
 */
public final class Callers {

    /** Every caller with a token: may read. */
    public static final String ROLE = "API";
    /** A caller whose token is not read-only: may also act (approve, roll back, run, the kill switch). */
    public static final String OPERATOR = "OPERATOR";
    /** An AI agent's token ({@code agent:NAME}): may call the agent gateway only, never the operators' API. */
    public static final String AGENT = "AGENT";

    private Callers() {
    }

    /** The authenticated caller named {@code name}; a name listed in MIDDLEMILE_API_READ_ONLY only reads. */
    public static Authentication of(String name, ApiTokens tokens) {
        if (ApiTokens.agent(name)) {
            return UsernamePasswordAuthenticationToken.authenticated(name, null, AuthorityUtils.createAuthorityList("ROLE_" + AGENT));
        }
        return UsernamePasswordAuthenticationToken.authenticated(name, null, tokens.readOnly(name)
                ? AuthorityUtils.createAuthorityList("ROLE_" + ROLE)
                : AuthorityUtils.createAuthorityList("ROLE_" + ROLE, "ROLE_" + OPERATOR));
    }

    /** Whether the caller is an AI agent. */
    public static boolean agent(Authentication caller) {
        return caller != null && caller.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + AGENT));
    }

    /** Whether the caller may act, not only read. */
    public static boolean operator(Authentication caller) {
        return caller != null && caller.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + OPERATOR));
    }
}

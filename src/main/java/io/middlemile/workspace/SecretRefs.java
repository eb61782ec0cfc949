package io.middlemile.workspace;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets appear in workspace files only as {@code ${ENV_VAR}} references. This class recognizes
 * references, resolves them from the environment, and spots literal values that look like tokens
 * so they are caught in review rather than leaked into git.
 */
public final class SecretRefs {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern KNOWN_PREFIX = Pattern.compile(
            "^(pat-[a-z0-9]+-|sk[_-](live|test)?|xox[abpr]-|ghp_|gho_|glpat-|AKIA|eyJ|Bearer\\s|00D[A-Za-z0-9]{12}!).*");
    private static final Pattern OPAQUE = Pattern.compile("^[A-Za-z0-9_\\-+/=.!]{24,}$");
    /** A long snake_case property name such as hs_v2_date_entered_appointmentscheduled: words, not a token. */
    private static final Pattern PROPERTY_NAME = Pattern.compile("^[a-z][a-z0-9]*(_[a-z][a-z0-9]*){2,}$");

    private SecretRefs() {
    }

    /** The variable name when the whole value is one {@code ${VAR}} reference. */
    public static Optional<String> variable(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher matcher = REFERENCE.matcher(value.trim());
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** True when a literal looks like an API token, key or password rather than a name or URL. */
    public static boolean looksLikeSecret(String value) {
        if (value == null || variable(value).isPresent()) {
            return false;
        }
        String trimmed = value.trim();
        if (KNOWN_PREFIX.matcher(trimmed).matches()) {
            return true;
        }
        if (!OPAQUE.matcher(trimmed).matches() || trimmed.contains("://") || isPropertyName(trimmed)) {
            return false;
        }
        boolean letters = trimmed.chars().anyMatch(Character::isLetter);
        boolean digits = trimmed.chars().anyMatch(Character::isDigit);
        return letters && digits;
    }

    private static boolean isPropertyName(String value) {
        return PROPERTY_NAME.matcher(value).matches() && value.chars().filter(Character::isDigit).count() <= 3;
    }

    /** The name of the first query parameter of a URL whose value looks like a secret ({@code ?hapikey=...}). */
    public static Optional<String> secretInUrlQuery(String value) {
        return urlQuery(value).entrySet().stream().filter(entry -> looksLikeSecret(entry.getValue()))
                .map(Map.Entry::getKey).findFirst();
    }

    /**
     * A URL's scheme and the user information before its host ({@code https://user:password@}): up to the last {@code @}
     * of the authority, which ends at the first {@code /}, {@code ?} or {@code #} (RFC 3986 section 3.2).
     */
    private static final Pattern USER_INFO = Pattern.compile("^(\\s*[A-Za-z][A-Za-z0-9+.\\-]*://)[^/?#]*@");

    /** True when a URL carries user information (a user name, often with a password) before its host. */
    public static boolean hasUserInfo(String url) {
        return url != null && USER_INFO.matcher(url).find();
    }

    /**
     * The URL without the user information before its host, for messages and logs: a password there must never be
     * printed. Anything else is returned as it is.
     */
    public static String withoutUserInfo(String url) {
        return url == null ? null : USER_INFO.matcher(url).replaceFirst("$1");
    }

    /** The query parameters of a URL, by name, in order; empty when the value is not a URL with a query. */
    static Map<String, String> urlQuery(String value) {
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        if (value == null || !value.contains("://") || value.indexOf('?') < 0) {
            return parameters;
        }
        String query = value.substring(value.indexOf('?') + 1);
        int hash = query.indexOf('#');
        for (String pair : (hash < 0 ? query : query.substring(0, hash)).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                parameters.putIfAbsent(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return parameters;
    }

    /** Resolves a reference from the environment; empty when the variable is not set. */
    public static Optional<String> resolve(String value, Map<String, String> environment) {
        return variable(value).map(environment::get).filter(resolved -> !resolved.isEmpty());
    }

    /** A safe rendering of a possibly secret value for error messages: never the value itself. */
    public static String redact(String value) {
        if (value == null) {
            return "null";
        }
        String trimmed = value.trim();
        return trimmed.length() <= 6 ? "\"***\"" : "\"" + trimmed.substring(0, 4) + "…\" (" + trimmed.length() + " characters)";
    }
}

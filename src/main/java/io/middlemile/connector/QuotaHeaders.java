package io.middlemile.connector;

import java.net.http.HttpHeaders;
import java.util.Map;

/**
 * How a provider says in its answers' headers what is left of its request quotas: quota name to requests left. One
 * per provider, next to its client; {@link #NONE} for a provider that says nothing (its metrics then have no
 * quota series).
 */
@FunctionalInterface
public interface QuotaHeaders {

    QuotaHeaders NONE = headers -> Map.of();

    /** @return requests left per quota the headers name, lower-case quota names; empty when they name none */
    Map<String, Long> left(HttpHeaders headers);

    /** A header's value as a whole number, or null when it is absent or not a number (a provider's typo never fails a call). */
    static Long number(HttpHeaders headers, String name) {
        return headers.firstValue(name).map(String::trim).map(value -> {
            try {
                return (long) Double.parseDouble(value);
            } catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
    }
}

package io.middlemile.standardize;

import java.util.Map;
import java.util.Objects;

/**
 * Result of a standardizer.
 *
 * @param value      cleaned display value; null when EMPTY or unusable
 * @param key        match key for dedupe; may be null
 * @param verdict    never null
 * @param reason     human explanation for FIXED/INVALID (and notable VALID cases), else null
 * @param attributes extra facts such as {@code freeMail}, {@code extension}, {@code seniority},
 *                   {@code candidate} (cleaned form of an INVALID input); never null, immutable
 */
public record Standardized(String value, String key, Verdict verdict, String reason, Map<String, String> attributes) {

    private static final Standardized EMPTY = new Standardized(null, null, Verdict.EMPTY, null, Map.of());

    public Standardized {
        Objects.requireNonNull(verdict, "verdict");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** Shared result for null/blank input. */
    public static Standardized empty() {
        return EMPTY;
    }

    public static Standardized valid(String value, String key) {
        return new Standardized(value, key, Verdict.VALID, null, Map.of());
    }

    public static Standardized valid(String value, String key, Map<String, String> attributes) {
        return new Standardized(value, key, Verdict.VALID, null, attributes);
    }

    public static Standardized fixed(String value, String key, String reason, Map<String, String> attributes) {
        return new Standardized(value, key, Verdict.FIXED, reason, attributes);
    }

    /** Unusable input: value and key are null so callers cannot accidentally match on garbage. */
    public static Standardized invalid(String reason) {
        return new Standardized(null, null, Verdict.INVALID, reason, Map.of());
    }

    /**
     * Unusable input that still had a recognisable cleaned form (e.g. a free-mail domain offered as company domain):
     * value and key stay null per the contract, the cleaned form is kept in attribute {@code candidate}.
     */
    public static Standardized invalid(String candidate, String reason, Map<String, String> attributes) {
        Map<String, String> attrs = new java.util.HashMap<>(attributes == null ? Map.of() : attributes);
        if (candidate != null) {
            attrs.put("candidate", candidate);
        }
        return new Standardized(null, null, Verdict.INVALID, reason, attrs);
    }

    /** True for VALID and FIXED. */
    public boolean usable() {
        return verdict == Verdict.VALID || verdict == Verdict.FIXED;
    }

    /** Attribute value or null. */
    public String attribute(String name) {
        return attributes.get(name);
    }
}

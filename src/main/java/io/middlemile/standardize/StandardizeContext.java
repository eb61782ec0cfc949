package io.middlemile.standardize;

import java.util.Locale;

/**
 * Per-record hints for standardizers.
 *
 * @param defaultCountry ISO 3166-1 alpha-2 code used to interpret national phone numbers and ambiguous
 *                       region codes; null when unknown. Normalised to upper case.
 */
public record StandardizeContext(String defaultCountry) {

    /** No hints at all. */
    public static final StandardizeContext NONE = new StandardizeContext(null);

    public StandardizeContext {
        if (defaultCountry != null) {
            defaultCountry = defaultCountry.isBlank() ? null : defaultCountry.trim().toUpperCase(Locale.ROOT);
        }
    }

    public static StandardizeContext of(String defaultCountry) {
        return defaultCountry == null ? NONE : new StandardizeContext(defaultCountry);
    }
}

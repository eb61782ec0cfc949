package io.middlemile.connector.apollo;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Apollo names countries in English ("United States"); the canonical model keeps ISO 3166-1 alpha-2 codes. */
final class ApolloCountries {

    private static final Map<String, String> BY_NAME = new HashMap<>();

    static {
        for (String code : Locale.getISOCountries()) {
            BY_NAME.put(new Locale("", code).getDisplayCountry(Locale.ENGLISH).toLowerCase(Locale.ROOT), code);
        }
        BY_NAME.put("usa", "US");
        BY_NAME.put("uk", "GB");
    }

    private ApolloCountries() {
    }

    /** The ISO code of an English country name; a two-letter code as it is; anything else unchanged for the standardizer. */
    static String isoCode(String country) {
        String trimmed = country.strip();
        if (trimmed.length() == 2) {
            return trimmed.toUpperCase(Locale.ROOT);
        }
        return BY_NAME.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed);
    }
}

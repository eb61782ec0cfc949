package io.middlemile.standardize;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;

/**
 * Country names and codes to ISO 3166-1 alpha-2.
 *
 * <p>Accepts alpha-2 and alpha-3 codes, the JDK's country names in English and several European languages
 * (so Deutschland, Allemagne, España, Brasil, Nederland, Schweiz, Österreich, Italia ... work without a table),
 * plus a bundled alias list ({@code standardize/country-aliases.csv}: USA, U.K., England, Holland, UAE ...).
 * Matching ignores case, diacritics, dots and a leading "the". Value and key are the alpha-2 code;
 * attribute {@code name} is the English short name.
 */
public final class CountryStandardizer implements Standardizer {

    public static final String NAME = "country";

    private static final Locale[] NAME_LANGUAGES = {
        Locale.ENGLISH, Locale.GERMAN, Locale.FRENCH, Locale.forLanguageTag("es"), Locale.ITALIAN,
        Locale.forLanguageTag("pt"), Locale.forLanguageTag("nl"), Locale.forLanguageTag("sv"),
        Locale.forLanguageTag("da"), Locale.forLanguageTag("pl"), Locale.forLanguageTag("tr"),
        Locale.forLanguageTag("ru")
    };

    private static final Map<String, String> LOOKUP = buildLookup();
    private static final Map<String, String> ENGLISH = buildEnglishNames();

    @Override
    public String name() {
        return NAME;
    }

    /** ISO alpha-2 code for a country name/code, or null when unknown. */
    public static String toCode(String input) {
        if (input == null || input.length() > 100) {
            return null;
        }
        String k = Text.lookupKey(input);
        String code = LOOKUP.get(k);
        if (code == null && k.startsWith("the ")) {
            code = LOOKUP.get(k.substring(4));
        }
        return code;
    }

    /** English short name of an alpha-2 code. */
    public static String englishName(String alpha2) {
        String name = alpha2 == null ? null : ENGLISH.get(alpha2.toUpperCase(Locale.ROOT));
        return name != null ? name : alpha2 == null ? null : new Locale("", alpha2).getDisplayCountry(Locale.ENGLISH);
    }

    private static Map<String, String> buildEnglishNames() {
        Map<String, String> m = new HashMap<>(512);
        for (String a2 : Locale.getISOCountries()) {
            m.put(a2, new Locale("", a2).getDisplayCountry(Locale.ENGLISH));
        }
        m.put("XK", "Kosovo");
        return Map.copyOf(m);
    }

    @Override
    public Standardized apply(String input, StandardizeContext context) {
        String s = Text.tidy(input);
        if (s == null) {
            return Standardized.empty();
        }
        if (Text.tooLong(s)) {
            return Text.tooLongResult();
        }
        String code = toCode(s);
        if (code == null) {
            return Standardized.invalid("unknown country '" + DomainStandardizer.abbreviate(s) + "'");
        }
        return Text.result(s, code, code, "mapped '" + DomainStandardizer.abbreviate(s) + "' to " + code,
                Map.of("name", englishName(code)));
    }

    private static Map<String, String> buildLookup() {
        Map<String, String> m = new HashMap<>(4096);
        for (String a2 : Locale.getISOCountries()) {
            m.put(a2.toLowerCase(Locale.ROOT), a2);
        }
        for (String a2 : Locale.getISOCountries()) {
            Locale l = new Locale("", a2);
            try {
                m.putIfAbsent(l.getISO3Country().toLowerCase(Locale.ROOT), a2);
            } catch (MissingResourceException e) {
                // a few reserved codes have no alpha-3; the alpha-2 and names still work
            }
        }
        // aliases before JDK names so curated meanings (e.g. "korea" → KR) win over accidental collisions
        for (String line : Resources.lines("country-aliases.csv")) {
            int semi = line.indexOf(';');
            String code = line.substring(0, semi).trim();
            for (String alias : line.substring(semi + 1).split("\\|")) {
                m.put(Text.lookupKey(alias), code);
            }
        }
        for (Locale lang : NAME_LANGUAGES) {
            for (String a2 : Locale.getISOCountries()) {
                String name = new Locale("", a2).getDisplayCountry(lang);
                if (!name.isEmpty() && !name.equalsIgnoreCase(a2)) {
                    m.putIfAbsent(Text.lookupKey(name), a2);
                }
            }
        }
        return Map.copyOf(m);
    }
}

package io.middlemile.standardize;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * States/provinces to ISO 3166-2 codes ({@code US-CA}) for US, CA, AU, IN, DE and GB's four countries
 * (table: {@code standardize/regions.csv}).
 *
 * <p>With {@link StandardizeContext#defaultCountry()} set, codes ("CA", "N.Y."), names and aliases of that
 * country resolve. Without a country only full codes ("US-CA") and names/aliases longer than three letters that
 * are unique across all tables resolve ("Texas", "Bavaria"); bare codes are then refused as ambiguous
 * ("WA" is Washington or Western Australia). Attributes: {@code country}, {@code name}.
 */
public final class RegionStandardizer implements Standardizer {

    public static final String NAME = "region";

    private static final Map<String, Map<String, String>> BY_COUNTRY;
    private static final Map<String, String> GLOBAL;
    private static final Set<String> AMBIGUOUS;
    private static final Map<String, String> NAMES;

    static {
        Map<String, Map<String, String>> byCountry = new HashMap<>();
        Map<String, String> global = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        Map<String, String> names = new HashMap<>();
        for (String line : Resources.lines("regions.csv")) {
            int semi = line.indexOf(';');
            String code = line.substring(0, semi).trim();
            String country = code.substring(0, 2);
            String sub = code.substring(3);
            String[] aliases = line.substring(semi + 1).split("\\|");
            names.put(code, aliases[0].trim());
            Map<String, String> local = byCountry.computeIfAbsent(country, c -> new HashMap<>());
            local.put(Text.lookupKey(sub), code);
            for (String alias : aliases) {
                String k = Text.lookupKey(alias);
                local.putIfAbsent(k, code);
                if (k.length() > 3) {
                    String prev = global.putIfAbsent(k, code);
                    if (prev != null && !prev.equals(code)) {
                        ambiguous.add(k);
                    }
                }
            }
        }
        ambiguous.forEach(global::remove);
        Map<String, Map<String, String>> frozen = new HashMap<>();
        byCountry.forEach((c, m) -> frozen.put(c, Map.copyOf(m)));
        BY_COUNTRY = Map.copyOf(frozen);
        GLOBAL = Map.copyOf(global);
        AMBIGUOUS = Set.copyOf(ambiguous);
        NAMES = Map.copyOf(names);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Countries with a bundled subdivision table. */
    public static Set<String> supportedCountries() {
        return BY_COUNTRY.keySet();
    }

    /** ISO 3166-2 code or null; {@code country} may be null. */
    public static String toCode(String input, String country) {
        if (input == null || input.length() > 100) {
            return null;
        }
        String t = input.trim();
        if (t.length() >= 4 && t.length() <= 6 && t.charAt(2) == '-') {
            String full = t.toUpperCase(Locale.ROOT);
            if (NAMES.containsKey(full)) {
                return full;
            }
        }
        String k = Text.lookupKey(t);
        if (country != null) {
            Map<String, String> local = BY_COUNTRY.get(country.toUpperCase(Locale.ROOT));
            return local == null ? null : local.get(k);
        }
        return GLOBAL.get(k);
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
        String country = Text.ctx(context).defaultCountry();
        String code = toCode(s, country);
        if (code == null) {
            String shown = DomainStandardizer.abbreviate(s);
            if (country != null && !BY_COUNTRY.containsKey(country)) {
                return Standardized.invalid("no region table for country " + country);
            }
            if (country == null) {
                String k = Text.lookupKey(s);
                boolean codeSomewhere = BY_COUNTRY.values().stream().anyMatch(m -> m.containsKey(k));
                if (AMBIGUOUS.contains(k) || codeSomewhere) {
                    return Standardized.invalid("'" + shown + "' is ambiguous without a country");
                }
                return Standardized.invalid("unknown region '" + shown + "'");
            }
            return Standardized.invalid("unknown region '" + shown + "' for country " + country);
        }
        Map<String, String> attrs = Map.of("country", code.substring(0, 2), "name", NAMES.get(code));
        return Text.result(s, code, code, "mapped '" + DomainStandardizer.abbreviate(s) + "' to " + code, attrs);
    }
}

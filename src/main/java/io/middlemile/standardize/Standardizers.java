package io.middlemile.standardize;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Registry of the built-in standardizers by name, for declarative field mappings. All instances are thread-safe. */
public final class Standardizers {

    private static final Map<String, Standardizer> BY_NAME = build();

    private Standardizers() {
    }

    /** The standardizer registered under {@code name} (case-sensitive), if any. */
    public static Optional<Standardizer> byName(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name));
    }

    /**
     * Standardizers whose result depends on the input alone (not on the record's country) and whose inputs repeat
     * from record to record: names, companies, domains, countries, titles. Not e-mail addresses, phone numbers,
     * LinkedIn URLs or timestamps, which are nearly unique per record.
     */
    private static final Set<String> REPEATING = Set.of("person-name", "first-name", "last-name", "company-name", "domain",
            "company-domain", "country", "job-title");

    /**
     * {@code standardizer} remembering its results for inputs that repeat ({@link RepeatCache}), with a cache of its own,
     * when it is one of the standardizers whose inputs repeat; otherwise {@code standardizer} itself. The results are
     * the same either way: over a large export, each distinct company name or title is standardized once.
     */
    public static Standardizer remembering(Standardizer standardizer) {
        if (!REPEATING.contains(standardizer.name())) {
            return standardizer;
        }
        RepeatCache<Standardized> cache = new RepeatCache<>();
        // these read no context (a result remembered for one record's country is any record's), so one function works
        // out every value, not one made per look-up
        java.util.function.Function<String, Standardized> work = value -> standardizer.apply(value, StandardizeContext.NONE);
        return new Standardizer() {
            @Override
            public String name() {
                return standardizer.name();
            }

            @Override
            public Standardized apply(String input, StandardizeContext context) {
                return input == null ? standardizer.apply(null, context) : cache.get(input, work);
            }

            @Override
            public void warm(String[] inputs) {
                cache.warm(inputs);
            }
        };
    }

    /** All registered names, in registration order. */
    public static Set<String> names() {
        return BY_NAME.keySet();
    }

    private static Map<String, Standardizer> build() {
        Map<String, Standardizer> m = new LinkedHashMap<>();
        for (Standardizer s : new Standardizer[] {
            new EmailStandardizer(),
            new PhoneStandardizer(),
            new PersonNameStandardizer(PersonNameStandardizer.Field.FULL),
            new PersonNameStandardizer(PersonNameStandardizer.Field.FIRST),
            new PersonNameStandardizer(PersonNameStandardizer.Field.LAST),
            new CompanyNameStandardizer(),
            new DomainStandardizer(false),
            new DomainStandardizer(true),
            new LinkedInUrlStandardizer(),
            new CountryStandardizer(),
            new RegionStandardizer(),
            new JobTitleStandardizer(),
            new TimestampStandardizer(false, false),
            new TimestampStandardizer(true, false)
        }) {
            m.put(s.name(), s);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}

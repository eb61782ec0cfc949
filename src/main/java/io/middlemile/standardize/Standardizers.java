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

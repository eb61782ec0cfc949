package io.middlemile.standardize;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RepeatCacheTest {

    @Test
    void aRepeatedValueIsWorkedOutOnceAndNewValuesBeyondTheBoundAreWorkedOutEveryTime() {
        AtomicInteger calls = new AtomicInteger();
        RepeatCache<String> cache = new RepeatCache<>(2);
        for (int i = 0; i < 3; i++) {
            assertThat(cache.get("Acme Inc.", v -> { calls.incrementAndGet(); return v.toUpperCase(); })).isEqualTo("ACME INC.");
        }
        assertThat(calls).hasValue(1);
        cache.get("Globex", v -> { calls.incrementAndGet(); return v; });
        cache.get("Initech", v -> { calls.incrementAndGet(); return v; });
        cache.get("Initech", v -> { calls.incrementAndGet(); return v; });
        assertThat(cache.size()).isEqualTo(2);
        assertThat(calls).hasValue(4);
    }

    @Test
    void aRememberingStandardizerGivesTheStandardizersResultsAndOnlyNamesTheRepeatingOnes() {
        Standardizer company = Standardizers.byName("company-name").orElseThrow();
        Standardizer remembering = Standardizers.remembering(company);
        assertThat(remembering).isNotSameAs(company);
        assertThat(remembering.name()).isEqualTo("company-name");
        for (String name : new String[] {"Acme, Inc.", "Acme, Inc.", "  ", "N/A", "Zoë GmbH"}) {
            assertThat(remembering.apply(name, StandardizeContext.of("US"))).isEqualTo(company.apply(name, StandardizeContext.of("US")));
        }
        assertThat(remembering.apply(null, null)).isEqualTo(company.apply(null, null));
        Standardizer phone = Standardizers.byName("phone").orElseThrow();
        assertThat(Standardizers.remembering(phone)).isSameAs(phone); // reads the record's country; numbers barely repeat
    }
}

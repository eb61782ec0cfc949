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
    void threadsReadingWhileOthersRememberAndTheTableGrowsAlwaysGetTheFunctionsResult() throws Exception {
        RepeatCache<String> cache = new RepeatCache<>(3_000);
        AtomicInteger calls = new AtomicInteger();
        int threads = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> wrong = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                wrong.add(pool.submit(() -> {
                    java.util.Random random = new java.util.Random(seed);
                    int bad = 0;
                    for (int i = 0; i < 200_000; i++) {
                        // a new String each time, as a parsed export gives: found by its text, not by identity
                        String key = new String("company " + random.nextInt(5_000));
                        String result = cache.get(key, v -> { calls.incrementAndGet(); return v + "!"; });
                        bad += result.equals(key + "!") ? 0 : 1;
                    }
                    return bad;
                }));
            }
            for (var f : wrong) {
                assertThat(f.get()).isZero();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(cache.size()).isEqualTo(3_000);
        // the 3,000 remembered are worked out about once each (threads racing on a new value may both work it out), the
        // 2,000 beyond the bound every time they come: about two fifths of the 800,000 look-ups
        assertThat(calls.get()).isBetween(280_000, 360_000);
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

    @Test
    void warmingReadsAheadAndChangesNothing() {
        AtomicInteger calls = new AtomicInteger();
        RepeatCache<String> cache = new RepeatCache<>(50);
        for (int i = 0; i < 40; i++) {
            cache.get("Company " + i, v -> { calls.incrementAndGet(); return v.toUpperCase(); });
        }
        // remembered ones, new ones, nulls, and "Aa"/"BB" (one hash code): nothing is worked out or remembered by warming
        String[] keys = {"Company 3", null, "Company 77", "Aa", "BB", "Company 39", null, "Company 3"};
        cache.warm(keys);
        cache.warm(new String[0]);
        assertThat(calls).hasValue(40);
        assertThat(cache.size()).isEqualTo(40);
        for (String key : keys) {
            if (key != null) {
                assertThat(cache.get(key, v -> { calls.incrementAndGet(); return v.toUpperCase(); })).isEqualTo(key.toUpperCase());
            }
        }
        assertThat(calls).hasValue(43); // Company 77, Aa and BB, worked out when looked up
    }
}

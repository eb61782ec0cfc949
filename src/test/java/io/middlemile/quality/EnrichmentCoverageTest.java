package io.middlemile.quality;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Enrichment coverage per field of a waterfall, and the age of the records' last lookups, in one pass. */
class EnrichmentCoverageTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    @Test
    void countsPerFieldWhatWasAskedAndFoundAndHowLongAgoEachRecordWasLookedUp() {
        EnrichmentCoverage coverage = new EnrichmentCoverage("contacts", List.of("email", "mobilePhone"), NOW);

        coverage.add(Set.of("email", "mobilePhone"), Set.of("mobilePhone"), NOW.minus(Duration.ofDays(2)));
        coverage.add(Set.of("mobilePhone"), Set.of("mobilePhone", "jobTitle"), NOW.minus(Duration.ofDays(40)));
        coverage.add(Set.of("mobilePhone"), Set.of(), NOW.minus(Duration.ofDays(400)));
        coverage.add(Set.of(), Set.of(), null);

        EnrichmentCoverage.Snapshot snapshot = coverage.snapshot();
        assertThat(snapshot.records()).isEqualTo(4);
        assertThat(snapshot.lookedUp()).isEqualTo(3);
        assertThat(snapshot.asked()).containsExactly(java.util.Map.entry("email", 1L), java.util.Map.entry("mobilePhone", 3L));
        // a field outside the waterfall (jobTitle) is not counted
        assertThat(snapshot.found()).containsExactly(java.util.Map.entry("email", 0L), java.util.Map.entry("mobilePhone", 2L));
        assertThat(snapshot.coverage("mobilePhone")).isEqualTo(0.5);
        // within 7 days, 30, 90, 365, older, never
        assertThat(snapshot.sinceLastLookup()).containsExactly(1, 0, 1, 0, 1, 1);
    }
}

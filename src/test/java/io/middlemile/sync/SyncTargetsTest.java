package io.middlemile.sync;

import io.middlemile.connector.Lookup;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.Provenance;
import io.middlemile.model.SourceRef;
import io.middlemile.store.CrosswalkStore;
import io.middlemile.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The first sync's match by value: a value the target cannot be searched for rejects its record instead of creating it. */
class SyncTargetsTest {

    private final Provenance provenance = new Provenance("hubspot", Instant.parse("2026-11-01T00:00:00Z"));
    private SyncTargets targets;

    @BeforeEach
    void setUp() {
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        Flyway.configure().dataSource(jdbc.getDataSource()).locations("classpath:db/migration").load().migrate();
        targets = new SyncTargets(new CrosswalkStore(jdbc));
    }

    /** A target holding liz@northwind.co.uk that cannot be searched for values over 100 characters. */
    private static final class SearchableTarget implements Lookup {
        final List<String> asked = new ArrayList<>();

        @Override
        public Map<String, String> find(String object, String field, Collection<String> values) {
            values.forEach(value -> {
                if (value.length() > 100) {
                    throw new IllegalStateException("a request naming this value fails as a whole: " + value);
                }
            });
            asked.addAll(values);
            return values.contains("liz@northwind.co.uk") ? Map.of("liz@northwind.co.uk", "003LIZ") : Map.of();
        }

        @Override
        public Map<String, String> unsearchableValues(String object, String field, Collection<String> values) {
            Map<String, String> refused = new java.util.LinkedHashMap<>();
            values.stream().filter(value -> value.length() > 100).forEach(value -> refused.put(value, "too long to search for"));
            return refused;
        }
    }

    private CanonicalRecord contact(String id, String email) {
        return CanonicalRecord.empty(Entity.PERSON, new SourceRef("hubspot", "contacts", id), provenance.setAt())
                .with("email", email, provenance);
    }

    @Test
    void aValueTooLongToSearchForRejectsItsRecordsAndTheOthersAreMatched() {
        String garbage = "x".repeat(500) + "@example.com";
        CanonicalRecord liz = contact("1", "liz@northwind.co.uk");
        CanonicalRecord bad = contact("2", garbage);
        CanonicalRecord alsoBad = contact("3", garbage);
        CanonicalRecord bob = contact("4", "bob@acme.com");
        SearchableTarget target = new SearchableTarget();

        SyncTargets.Resolved resolved = targets.resolve(List.of(liz, bad, alsoBad, bob), new io.middlemile.model.Target("salesforce", "Contact"), "email", "Email",
                Optional.of(target));

        assertThat(resolved.unmatchable()).containsOnlyKeys(bad.source(), alsoBad.source())
                .containsValue("too long to search for");
        assertThat(target.asked).containsExactlyInAnyOrder("liz@northwind.co.uk", "bob@acme.com");
        assertThat(resolved.target().get(resolved.canonical().get(liz.source()))).isEqualTo("003LIZ");
        assertThat(resolved.target().get(resolved.canonical().get(bob.source()))).isNull();
    }
}

package io.middlemile.dedupe;

import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.SourceRef;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MatchRecordsTest {

    @Test
    void recordsSavedStandardizedComeBackAsTheyWereStoredWithoutStandardizingAgain() {
        DedupeRules rules = TestRecords.contactRules();
        List<CanonicalRecord> records = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) { // more than one chunk, so chunks keep their order
            records.add(TestRecords.person("hubspot", "h" + i, Instant.ofEpochSecond(1_700_000_000L + i),
                    "firstName", i % 3 == 0 ? "Bob" : "Robert", "lastName", "McDonald-" + (i % 500),
                    "email", i % 5 == 0 ? null : "Bob.McDonald" + i + "@Acme.com", "phone", "(415) 555-" + (1000 + i % 9000),
                    "companyName", "Acme, Inc.", "fullName", "Dr. Robert McDonald"));
        }
        MatchRecords original = MatchRecords.forRules(rules, 16);
        List<SourceRef> refs = new ArrayList<>();
        List<String[]> saved = new ArrayList<>();
        original.onStandardized((record, values) -> {
            refs.add(record.source());
            saved.add(values);
        });
        original.addAll(records);

        MatchRecords restored = MatchRecords.forRules(rules, 16);
        restored.addStandardized(refs, saved);

        assertThat(restored.standardizedLayout()).isEqualTo(original.standardizedLayout());
        assertThat(restored.size()).isEqualTo(records.size());
        for (int row = 0; row < records.size(); row++) {
            assertThat(restored.source(row)).isEqualTo(records.get(row).source());
            for (String field : original.matchFields()) {
                assertThat(restored.value(field, row)).as(field + " of row " + row).isEqualTo(original.value(field, row));
            }
            for (int f = 0; f < original.rawFields().size(); f++) {
                assertThat(restored.raw(f, row)).isEqualTo(original.raw(f, row));
            }
            assertThat(restored.lastModified(row)).isEqualTo(original.lastModified(row));
            assertThat(restored.completeness(row)).isEqualTo(original.completeness(row));
        }
        assertThat(restored.value("email", 1)).isEqualTo("bob.mcdonald1@acme.com"); // standardized, not as written
    }

    @Test
    void itemsMadeRecordsWhereTheyAreNormalizedKeepTheirOrderAndTheOnesLeftOutAreNotStored() {
        DedupeRules rules = TestRecords.contactRules();
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) { // more than one chunk
            items.add(i);
        }
        List<String> sunk = new ArrayList<>();
        MatchRecords store = MatchRecords.forRules(rules, 16);
        store.onStandardized((record, values) -> sunk.add(record.source().sourceId()));

        // every seventh item is one the mapping rejects
        store.addAll(items.iterator(), i -> i % 7 == 3 ? null : TestRecords.person("hubspot", "h" + i,
                Instant.ofEpochSecond(1_700_000_000L + i), "firstName", "Ann", "lastName", "Lee-" + i,
                "email", "ann.lee" + i + "@acme.com"));

        List<String> kept = items.stream().filter(i -> i % 7 != 3).map(i -> "h" + i).toList();
        assertThat(store.size()).isEqualTo(kept.size());
        for (int row = 0; row < kept.size(); row++) {
            assertThat(store.source(row).sourceId()).isEqualTo(kept.get(row));
            assertThat(store.value("email", row)).isEqualTo("ann." + kept.get(row).replace("h", "lee") + "@acme.com");
        }
        assertThat(sunk).isEqualTo(kept);
    }

    @Test
    void whatASinkPreparesAheadComesBackWithItsOwnRecordInOrder() {
        List<CanonicalRecord> records = annLees();
        List<String> seen = new ArrayList<>();
        MatchRecords store = MatchRecords.forRules(TestRecords.contactRules(), 16);
        store.onStandardized(new MatchRecords.StandardizedSink() {
            @Override
            public Object prepare(CanonicalRecord record, String[] standardized) {
                return record.source().sourceId() + ":" + String.join("|", java.util.Arrays.asList(standardized));
            }

            @Override
            public void accept(CanonicalRecord record, String[] standardized) {
                throw new AssertionError("the prepared form is handed over");
            }

            @Override
            public void accept(CanonicalRecord record, String[] standardized, Object prepared) {
                assertThat(prepared).isEqualTo(prepare(record, standardized));
                seen.add(record.source().sourceId());
            }
        });

        store.addAll(records);

        assertThat(seen).isEqualTo(records.stream().map(r -> r.source().sourceId()).toList());
    }

    @Test
    void aSinkThatFailsFailsTheLoadInsteadOfLosingRecordsQuietly() {
        List<CanonicalRecord> records = annLees();
        MatchRecords store = MatchRecords.forRules(TestRecords.contactRules(), 16);
        store.onStandardized((record, values) -> {
            if (record.source().sourceId().equals("h9000")) { // in the second chunk
                throw new IllegalStateException("the match index store went away");
            }
        });

        assertThatThrownBy(() -> store.addAll(records)).hasMessage("the match index store went away");
    }

    @Test
    void valuesOfAnotherLayoutAreRefused() {
        MatchRecords records = MatchRecords.forRules(TestRecords.contactRules(), 16);

        assertThatThrownBy(() -> records.addStandardized(List.of(new SourceRef("s", "contacts", "1")),
                List.<String[]>of(new String[] {"0", "0", "1", "bob@acme.com"})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("record s/contacts/1 has 4 standardized values");
    }

    /** More records than two chunks hold: Ann Lee0, Ann Lee1, ... */
    private static List<CanonicalRecord> annLees() {
        List<CanonicalRecord> records = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            records.add(TestRecords.person("hubspot", "h" + i, Instant.ofEpochSecond(1_700_000_000L + i), "firstName", "Ann",
                    "lastName", "Lee" + i));
        }
        return records;
    }

    @Test
    void aRunIsNormalizedInStepsReadAheadIntoTheRowsOfNormalizingOneByOne() {
        DedupeRules rules = TestRecords.contactRules();
        RecordNormalizer normalizer = new RecordNormalizer(rules.entity(), rules.matchFields(), rules.rawFields());
        RecordNormalizer alone = new RecordNormalizer(rules.entity(), rules.matchFields(), rules.rawFields());
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            items.add(i);
        }
        List<List<Integer>> warmed = new ArrayList<>();
        MatchRecords.ToRecord<Integer> toRecord = new MatchRecords.ToRecord<>() {
            @Override
            public CanonicalRecord apply(Integer i) {
                // every seventh one left out; names and companies repeat, as the caches expect
                return i % 7 == 3 ? null : TestRecords.person("hubspot", "h" + i, Instant.ofEpochSecond(1_700_000_000L + i),
                        "firstName", i % 2 == 0 ? "Ann" : "Bob", "lastName", "Lee-" + (i % 11), "companyName", "Acme " + (i % 5),
                        "email", "ann.lee" + i + "@acme" + (i % 3) + ".com");
            }

            @Override
            public void warm(List<Integer> step) {
                warmed.add(List.copyOf(step));
            }
        };
        CanonicalRecord[] records = new CanonicalRecord[items.size()];
        RecordNormalizer.Row[] rows = new RecordNormalizer.Row[items.size()];
        List<Integer> seen = new ArrayList<>();
        MatchRecords.normalizeRun(normalizer, items, 10, 290, toRecord, records, rows, (i, record, row) -> {
            assertThat(row.record()).isSameAs(record);
            seen.add(i);
        });

        // the run read ahead in order, a step at a time, and each item was made a record after its step was warmed
        assertThat(warmed.stream().flatMap(List::stream).toList()).isEqualTo(items.subList(10, 290));
        assertThat(warmed).allSatisfy(step -> assertThat(step).hasSizeLessThanOrEqualTo(MatchRecords.AHEAD));
        assertThat(seen).isEqualTo(items.subList(10, 290).stream().filter(i -> i % 7 != 3).toList());
        for (int i = 0; i < items.size(); i++) {
            if (i < 10 || i >= 290 || i % 7 == 3) {
                assertThat(records[i]).as("item %d", i).isNull();
                assertThat(rows[i]).as("item %d", i).isNull();
            } else {
                RecordNormalizer.Row one = alone.normalize(toRecord.apply(i));
                assertThat(rows[i].match()).as("item %d", i).containsExactly(one.match());
                assertThat(rows[i].raw()).as("item %d", i).containsExactly(one.raw());
                assertThat(rows[i].filled()).isEqualTo(one.filled());
            }
        }
    }
}

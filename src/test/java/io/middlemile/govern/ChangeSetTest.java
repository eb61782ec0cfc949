package io.middlemile.govern;

import io.middlemile.connector.FieldWrite;
import io.middlemile.connector.TargetRecord;
import io.middlemile.model.SourceRef;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What a write would really change, under each write rule. */
class ChangeSetTest {

    private static final Instant T0 = Instant.parse("2024-03-05T14:07:00Z");
    private static final SourceRef ORIGIN = new SourceRef("src", "contacts", "42");

    private static TargetRecord record(Map<String, Object> fields, Map<String, FieldWrite> writes) {
        return new TargetRecord("contacts", "42", new LinkedHashMap<>(fields), ORIGIN, writes);
    }

    @Test
    void aRecordTheTargetDoesNotHaveIsACreateOfItsNonEmptyFields() {
        RecordChange change = ChangeSet.of(record(Map.of("email", "a@b.co", "phone", ""), Map.of()), null, null);
        assertThat(change.action()).isEqualTo(WriteAction.CREATE);
        assertThat(change.after()).containsOnlyKeys("email");
        assertThat(change.before()).isEmpty();
    }

    @Test
    void onlyRealChangesAreWrittenAndEmptyEqualsAbsent() {
        RecordChange change = ChangeSet.of(record(Map.of("email", "a@b.co", "first", "Ann", "phone", ""), Map.of()),
                Map.of("email", "a@b.co", "first", "Annie"), null);
        assertThat(change.action()).isEqualTo(WriteAction.UPDATE);
        assertThat(change.after()).containsExactly(Map.entry("first", "Ann"));
        assertThat(change.before()).containsExactly(Map.entry("first", "Annie"));
        assertThat(ChangeSet.of(record(Map.of("email", "a@b.co"), Map.of()), Map.of("email", "a@b.co"), null).changesNothing()).isTrue();
    }

    @Test
    void ifEmptyNeverOverwritesAValue() {
        Map<String, FieldWrite> writes = Map.of("first", new FieldWrite("if-empty", T0, Set.of()));
        assertThat(ChangeSet.of(record(Map.of("first", "Ann"), writes), Map.of("first", "Annie"), null).after()).isEmpty();
        assertThat(ChangeSet.of(record(Map.of("first", "Ann"), writes), Map.of("first", " "), null).after())
                .containsEntry("first", "Ann");
    }

    @Test
    void preferNewestWritesOnlyValuesNewerThanTheTargetsLastChange() {
        Map<String, FieldWrite> writes = Map.of("last", new FieldWrite("prefer-newest", T0, Set.of()));
        Map<String, Object> olderTarget = Map.of("last", "Li", "updated", "2024-03-05T14:06:00Z");
        Map<String, Object> newerTarget = Map.of("last", "Li", "updated", String.valueOf(T0.plusSeconds(60).toEpochMilli()));
        assertThat(ChangeSet.of(record(Map.of("last", "Lee"), writes), olderTarget, "updated").after()).containsEntry("last", "Lee");
        assertThat(ChangeSet.of(record(Map.of("last", "Lee"), writes), newerTarget, "updated").after()).isEmpty();
        // without a target timestamp there is nothing to prefer: the value is written
        assertThat(ChangeSet.of(record(Map.of("last", "Lee"), writes), Map.of("last", "Li"), "updated").after()).containsEntry("last", "Lee");
    }

    @Test
    void preferNewestReadsSalesforcesModificationTimeWithItsOffsetWithoutAColon() {
        Map<String, FieldWrite> writes = Map.of("Title", new FieldWrite("prefer-newest", T0, Set.of()));
        // SystemModstamp as Salesforce answers it: a minute after the source's value was set, so the target's edit wins
        Map<String, Object> newerTarget = Map.of("Title", "Eng SF", "SystemModstamp", "2024-03-05T14:08:00.000+0000");
        Map<String, Object> olderTarget = Map.of("Title", "Eng SF", "SystemModstamp", "2024-03-05T14:06:00.000+0000");
        assertThat(ChangeSet.of(record(Map.of("Title", "Eng HS"), writes), newerTarget, "SystemModstamp").after()).isEmpty();
        assertThat(ChangeSet.of(record(Map.of("Title", "Eng HS"), writes), newerTarget, "SystemModstamp").held())
                .containsExactly("Title");
        assertThat(ChangeSet.of(record(Map.of("Title", "Eng HS"), writes), olderTarget, "SystemModstamp").after())
                .containsEntry("Title", "Eng HS");
    }

    @Test
    void aCurrentPicklistValueMeaningTheSameIsLeftAlone() {
        Map<String, FieldWrite> writes = Map.of("stage", new FieldWrite("always", null, Set.of("Open", "New")));
        assertThat(ChangeSet.of(record(Map.of("stage", "Open"), writes), Map.of("stage", "new"), null).after()).isEmpty();
        assertThat(ChangeSet.of(record(Map.of("stage", "Open"), writes), Map.of("stage", "Won"), null).after())
                .containsEntry("stage", "Open");
    }

    @Test
    void aTimestampOrNumberWrittenDifferentlyIsTheSameValue() {
        // HubSpot answers with milliseconds, Salesforce with +0000: neither is a change of the instant the hub holds
        assertThat(ChangeSet.same("2024-05-01T10:00:00Z", "2024-05-01T10:00:00.000Z")).isTrue();
        assertThat(ChangeSet.same("2024-05-01T12:00:00+02:00", "2024-05-01T10:00:00.000+0000")).isTrue();
        assertThat(ChangeSet.same("2024-05-01T10:00:00Z", "2024-05-01T10:00:01Z")).isFalse();
        assertThat(ChangeSet.same(5, "5.0")).isTrue();
        assertThat(ChangeSet.same(5, "5.5")).isFalse();
        // text stays text: a date without a time, phone numbers with and without a plus, postal codes with a leading zero
        assertThat(ChangeSet.same("2024-05-01", "2024-05-01T00:00:00Z")).isFalse();
        assertThat(ChangeSet.same("+14155550134", "14155550134")).isFalse();
        assertThat(ChangeSet.same("01234", "1234")).isFalse();
        RecordChange change = ChangeSet.of(record(Map.of("closeDate", "2024-05-01T10:00:00Z", "amount", 1200), Map.of()),
                Map.of("closeDate", "2024-05-01T10:00:00.000Z", "amount", "1200.00"), null);
        assertThat(change.changesNothing()).isTrue();
    }

    @Test
    void aSalesforceIdWrittenInItsFifteenCharacterFormIsTheEighteenCharacterOneTheOrgReadsBack() {
        // a pair of Salesforce's own (CASESAFEID): an Id copied from a record's URL, and the one every API call returns
        assertThat(ChangeSet.same("0036000000QKv5T", "0036000000QKv5TAAT")).isTrue();
        assertThat(ChangeSet.same("0036000000QKv5TAAT", "0036000000QKv5T")).isTrue();
        RecordChange change = ChangeSet.of(record(Map.of("OwnerId", "0036000000QKv5T"), Map.of("OwnerId",
                new FieldWrite("always", null, Set.of(), "0036000000QKv5T"))), Map.of("OwnerId", "0036000000QKv5TAAT"), null);
        assertThat(change.changesNothing()).isTrue();
        assertThat(change.held()).as("not a person's change either").isEmpty();
        // another user's Id, the same Id with its case lost, and any other text of those lengths are different values
        assertThat(ChangeSet.same("0036000000QKv5U", "0036000000QKv5TAAT")).isFalse();
        assertThat(ChangeSet.same("0036000000qkv5t", "0036000000QKv5TAAT")).isFalse();
        assertThat(ChangeSet.same("Hewlett Packard ", "Hewlett Packard Ent")).isFalse();
    }
}

package io.middlemile.govern;

import io.middlemile.connector.FieldWrite;
import io.middlemile.connector.TargetRecord;
import io.middlemile.model.SourceRef;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision behind a target-side owner change: the hub last wrote an owner to the record ({@link FieldWrite#ours}); when
 * the target now holds another, non-empty owner, a person changed it there and the write keeps it.
 */
class OwnerChangedInTargetTest {

    private static final SourceRef LEAD = new SourceRef("legacy-crm-export", "contacts", "1005");

    /** A write of {@code owner} to owner_email, the hub having last written {@code ours} there (null: never). */
    private static TargetRecord owner(String owner, String ours) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("email", "ann@acme.com");
        fields.put("owner_email", owner);
        Map<String, FieldWrite> writes = ours == null ? Map.of() : Map.of("owner_email", new FieldWrite("always", null, Set.of(), ours));
        return new TargetRecord("contacts", "1005", fields, LEAD, writes);
    }

    private static Map<String, Object> target(String owner) {
        Map<String, Object> current = new LinkedHashMap<>();
        current.put("email", "ann@acme.com");
        current.put("owner_email", owner);
        return current;
    }

    @Test
    void anOwnerAPersonSetInTheTargetIsKeptNotWrittenOver() {
        // run 1 gave sam and wrote him; a rep then gave the lead to raj in the target
        RecordChange change = ChangeSet.of(owner("sam@example.com", "sam@example.com"), target("raj@example.com"), null);

        assertThat(change.changesNothing()).isTrue();
        assertThat(change.held()).containsExactly("owner_email");
        assertThat(ChangeSet.changedInTarget(new FieldWrite("always", null, Set.of(), "sam@example.com"), "raj@example.com")).isTrue();
    }

    @Test
    void aReassignDoesNotMoveALeadWhoseOwnerInTheTargetIsNoLongerTheDepartedOne() {
        // the hub wrote sue, who left; the reassign would write emil, but a person gave the lead to raj meanwhile
        RecordChange change = ChangeSet.of(owner("emil@example.com", "sue@example.com"), target("raj@example.com"), null);

        assertThat(change.after()).doesNotContainKey("owner_email");
        assertThat(change.held()).containsExactly("owner_email");
    }

    @Test
    void theHubsOwnOwnerStillThereOrAnEmptyFieldIsTheHubsToWrite() {
        // the departed owner the hub wrote is still there: the reassign moves the lead
        assertThat(ChangeSet.of(owner("emil@example.com", "sue@example.com"), target("sue@example.com"), null).after())
                .containsEntry("owner_email", "emil@example.com");
        // written as the hub wrote it, in another case: still the hub's own
        assertThat(ChangeSet.of(owner("emil@example.com", "sue@example.com"), target("Sue@Example.com"), null).after())
                .containsEntry("owner_email", "emil@example.com");
        // someone emptied the field: nobody owns the lead there, the hub's owner is written
        assertThat(ChangeSet.of(owner("sam@example.com", "sam@example.com"), target(""), null).after())
                .containsEntry("owner_email", "sam@example.com");
        // the target holds the owner the hub writes: nothing to write, nothing kept back
        RecordChange same = ChangeSet.of(owner("sam@example.com", "sam@example.com"), target("sam@example.com"), null);
        assertThat(same.changesNothing()).isTrue();
        assertThat(same.held()).isEmpty();
    }

    @Test
    void withoutAnOwnerTheHubWroteBeforeTheAssignedOwnerIsWrittenAsTheMappingSays() {
        // a first assignment: the hub never wrote an owner there, so the one it chose is written (write: if-empty keeps theirs)
        assertThat(ChangeSet.of(owner("sam@example.com", null), target("raj@example.com"), null).after())
                .containsEntry("owner_email", "sam@example.com");
        assertThat(ChangeSet.changedInTarget(FieldWrite.ALWAYS, "raj@example.com")).isFalse();
    }
}

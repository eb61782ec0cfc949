package io.middlemile.sync;

import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorDescription;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.HealthCheck;
import io.middlemile.connector.RejectedRecord;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;
import io.middlemile.model.SourceRef;
import io.middlemile.store.RetryQueue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check of a retry queue's unreadable rows against the file and the retry run after it read the file once: the
 * retry reuses the check's read for the ids it was made for, and reads the file again only for an id queued since.
 */
class UnreadableRowsTest {

    /** A CSV export in memory: 1001 parses, 1026 is a row the reader cannot parse; 1030 was deleted. Counts whole reads. */
    private static final class Export implements Connector, ChangeSource {
        int reads;

        @Override
        public ConnectorDescription describe() {
            return new ConnectorDescription("export", "csv", Map.of("contacts", List.of("id", "email")), List.of("ChangeSource"));
        }

        @Override
        public HealthCheck check() {
            return HealthCheck.ok("in memory");
        }

        @Override
        public boolean incremental() {
            return false;
        }

        @Override
        public SourcePage readChanges(String object, Cursor cursor, int pageSize) {
            reads++;
            return new SourcePage(List.of(new SourceRecord(ref("1001"), Map.of("email", "ana@example.com"), null, "contacts.csv:2")),
                    List.of(new RejectedRecord("1026", "contacts.csv:3", "expected 10 columns, found 11", "1026,...")),
                    new Cursor("end"), true, 1.0);
        }
    }

    private static SourceRef ref(String id) {
        return new SourceRef("export", "contacts", id);
    }

    private static RetryQueue.Entry queued(String id, String location, boolean unreadable) {
        return new RetryQueue.Entry("import-contacts", ref(id), location, 1, 1, 1, unreadable ? "expected 10 columns" : "refused",
                null, unreadable, null);
    }

    private static List<RetrySource.Wanted> wanted(List<RetryQueue.Entry> pending) {
        return pending.stream().map(entry -> new RetrySource.Wanted(entry.ref(), "retry of " + entry.location(), entry.unreadable()))
                .toList();
    }

    @Test
    void theRetryReadsTheFileTheCheckReadOnce() {
        Export export = new Export();
        List<RetryQueue.Entry> pending = List.of(queued("1001", "contacts.csv:2", false), queued("1026", "contacts.csv:9", true),
                queued("1030", "contacts.csv:12", true));

        UnreadableRows checked = UnreadableRows.check(export, pending);

        assertThat(checked.still()).singleElement().satisfies(row -> {
            assertThat(row.entry().ref().sourceId()).isEqualTo("1026");
            assertThat(row.location()).as("where it is now, not where it was queued").isEqualTo("contacts.csv:3");
        });
        assertThat(checked.changed()).isEqualTo(1);
        assertThat(checked.gone()).isEqualTo(1);
        assertThat(checked.toRetry()).as("1001, and 1030 to settle as gone").isEqualTo(2);
        assertThat(export.reads).isEqualTo(1);

        RetrySource retry = new RetrySource(export, export, wanted(pending), checked);
        SourcePage page = retry.readChanges("contacts", Cursor.START, 10);

        assertThat(export.reads).as("the retry reuses the check's read of the file").isEqualTo(1);
        assertThat(page.records()).extracting(record -> record.ref().sourceId()).containsExactly("1001", "1030");
        assertThat(page.records().get(0).fields()).containsEntry("email", "ana@example.com");
        assertThat(page.rejected()).as("1026 is still unparseable: not read again").isEmpty();
        assertThat(retry.gone(ref("1030"))).isTrue();
        assertThat(retry.gone(ref("1001"))).isFalse();
    }

    @Test
    void anIdQueuedAfterTheCheckMakesTheRetryReadTheFileAgain() {
        Export export = new Export();
        List<RetryQueue.Entry> checkedQueue = List.of(queued("1026", "contacts.csv:9", true));
        UnreadableRows checked = UnreadableRows.check(export, checkedQueue);
        // another process queued 1001 between the check and the retry: the check's read has nothing of it, so it would look gone
        List<RetryQueue.Entry> now = List.of(queued("1001", "contacts.csv:2", false), queued("1026", "contacts.csv:9", true));

        RetrySource retry = new RetrySource(export, export, wanted(now), checked);
        SourcePage page = retry.readChanges("contacts", Cursor.START, 10);

        assertThat(export.reads).isEqualTo(2);
        assertThat(retry.gone(ref("1001"))).isFalse();
        assertThat(page.records()).extracting(record -> record.ref().sourceId()).containsExactly("1001");
    }
}

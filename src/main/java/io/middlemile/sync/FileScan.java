package io.middlemile.sync;

import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.RejectedRecord;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A snapshot source (a CSV export) read whole once, keeping only the wanted ids: their rows, and the rows the reader could
 * not parse (keyed as the reader keys them: the id, or {@code line-N}). {@code middlemile job retry-failed} (and the API's
 * retry) reads the file once to see which queued unreadable rows it still holds ({@link UnreadableRows#check}), and the
 * retry run reuses that read ({@link RetrySource}) rather than reading the file a second time.
 *
 * @param object the object of the source that was read
 * @param ids    the ids it was read for: a read for fewer ids cannot stand in for another
 */
public record FileScan(String object, Set<String> ids, Map<String, SourceRecord> rows, Map<String, RejectedRecord> rejects) {

    public FileScan {
        ids = Set.copyOf(ids);
        rows = Map.copyOf(rows);
        rejects = Map.copyOf(rejects);
    }

    static FileScan of(ChangeSource source, String object, Set<String> ids) {
        Map<String, SourceRecord> rows = new HashMap<>();
        Map<String, RejectedRecord> rejects = new HashMap<>();
        Cursor at = Cursor.START;
        boolean last = false;
        while (!last) {
            SourcePage page = source.readChanges(object, at, 5_000);
            for (SourceRecord record : page.records()) {
                if (ids.contains(record.ref().sourceId())) {
                    rows.put(record.ref().sourceId(), record);
                }
            }
            for (RejectedRecord record : page.rejected()) {
                if (ids.contains(record.sourceId())) {
                    rejects.put(record.sourceId(), record);
                }
            }
            at = page.next();
            last = page.last();
        }
        return new FileScan(object, ids, rows, rejects);
    }

    /** Whether this read answers for {@code wanted} of {@code object}: an id it was not read for would look gone. */
    boolean covers(String object, Collection<String> wanted) {
        return this.object.equals(object) && ids.containsAll(wanted);
    }
}

package io.middlemile.sync;

import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.Connector;
import io.middlemile.connector.CurrentState;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.Merger;
import io.middlemile.connector.RejectedRecord;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;
import io.middlemile.model.SourceRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chosen records of a job, read again from the job's source as they are now: its pending failed records for
 * {@code middlemile job retry-failed}, a departed owner's leads for {@code middlemile assign reassign}. It is an
 * ordinary {@link ChangeSource}, so such a run goes through the same executor, route and governed write path as the
 * job itself.
 *
 * <ul>
 *   <li>A source that reads by id (HubSpot, Salesforce: {@link Merger#snapshot} by the provider's own
 *       id, or else {@link CurrentState}) is asked for exactly the pending ids, a page at a time.</li>
 *   <li>A snapshot source (a CSV export) is read once, keeping only the pending ids: the row as the file
 *       holds it now, so a value fixed in the file since is what gets retried. The raw text the queue
 *       keeps is not reparsed: for a record rejected after parsing it is the in-flight record, not
 *       the file's line.</li>
 * </ul>
 *
 * A pending id the source no longer has (deleted, archived, merged away, gone from the file) is still
 * returned, so the page accounts for it, and is listed in {@link #gone}: the run settles it as
 * skipped, which resolves it. The cursor is a position in the queue, never the job's cursor.
 */
final class RetrySource implements ChangeSource {

    static final String GONE_REASON = "no longer at the source (deleted, archived or merged away since it was last read);"
            + " nothing to do";

    /** A record to read again, and where it was read before: the location messages name when it is gone. */
    record Wanted(SourceRef ref, String location) {
    }

    private final Connector connector;
    private final ChangeSource source;
    private final List<Wanted> entries;
    private final Set<SourceRef> gone = ConcurrentHashMap.newKeySet();
    private Map<String, SourceRecord> fileRows;
    private Map<String, RejectedRecord> fileRejects;

    /** @param entries the records to read, each with where it was read before (for messages when it is gone) */
    RetrySource(Connector connector, ChangeSource source, List<Wanted> entries) {
        this.connector = connector;
        this.source = source;
        this.entries = List.copyOf(entries);
    }

    /** Records of the pages read so far that the source no longer has. */
    boolean gone(SourceRef ref) {
        return gone.contains(ref);
    }

    /** A retry never moves the job's cursor: the regular run continues where it was. */
    @Override
    public boolean incremental() {
        return false;
    }

    @Override
    public SourcePage readChanges(String object, Cursor cursor, int pageSize) {
        int from = cursor.isStart() ? 0 : Integer.parseInt(cursor.value());
        int to = Math.min(entries.size(), from + pageSize);
        List<Wanted> slice = entries.subList(from, to);
        List<String> ids = slice.stream().map(entry -> entry.ref().sourceId()).toList();
        Map<String, SourceRecord> found = new HashMap<>();
        Map<String, RejectedRecord> unreadable = new HashMap<>();
        if (source.incremental()) {
            byId(object, ids).forEach((id, fields) -> found.put(id, new SourceRecord(null, fields, null, null)));
        } else {
            scanFile(object);
            ids.forEach(id -> {
                if (fileRows.containsKey(id)) {
                    found.put(id, fileRows.get(id));
                } else if (fileRejects.containsKey(id)) {
                    unreadable.put(id, fileRejects.get(id));
                }
            });
        }
        List<SourceRecord> records = new ArrayList<>(slice.size());
        List<RejectedRecord> rejected = new ArrayList<>();
        for (Wanted entry : slice) {
            String id = entry.ref().sourceId();
            SourceRecord now = found.get(id);
            if (now != null) {
                String location = now.location() != null ? now.location() : entry.location();
                records.add(new SourceRecord(entry.ref(), now.fields(), now.modifiedAt(), location));
            } else if (unreadable.containsKey(id)) {
                rejected.add(unreadable.get(id));
            } else {
                gone.add(entry.ref());
                records.add(new SourceRecord(entry.ref(), Map.of(), null, entry.location()));
            }
        }
        boolean last = to >= entries.size();
        return new SourcePage(records, rejected, new Cursor(Integer.toString(to)), last,
                entries.isEmpty() ? 1.0 : (double) to / entries.size());
    }

    private Map<String, Map<String, Object>> byId(String object, List<String> ids) {
        if (connector instanceof Merger merger) {
            return merger.snapshot(object, ids);
        }
        return connector.capability(CurrentState.class)
                .orElseThrow(() -> new IllegalStateException("Connection " + connector.describe().id() + " cannot read records by id,"
                        + " so its failed records cannot be retried; run the job again (middlemile job run NAME --from-start)"))
                .current(object, ids);
    }

    /** Reads a snapshot source once, keeping the rows (and unparseable rows) of the pending ids. */
    private void scanFile(String object) {
        if (fileRows != null) {
            return;
        }
        Set<String> all = new HashSet<>();
        entries.forEach(entry -> all.add(entry.ref().sourceId()));
        fileRows = new HashMap<>();
        fileRejects = new HashMap<>();
        Cursor at = Cursor.START;
        boolean last = false;
        while (!last) {
            SourcePage page = source.readChanges(object, at, 5_000);
            for (SourceRecord record : page.records()) {
                if (all.contains(record.ref().sourceId())) {
                    fileRows.put(record.ref().sourceId(), record);
                }
            }
            for (RejectedRecord record : page.rejected()) {
                if (all.contains(record.sourceId())) {
                    fileRejects.put(record.sourceId(), record);
                }
            }
            at = page.next();
            last = page.last();
        }
    }
}

package io.middlemile.sync;

import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.Connector;
import io.middlemile.connector.CurrentState;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.Lifecycle;
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
 * skipped, which resolves it. One that was already deleted or merged away when it failed (its archive or
 * merge in the target failed) is returned as such instead, and the route archives or merges the target's
 * records as the run would have; a merge survivor read again keeps the merges it had taken in. A row queued because the reader could not parse it is not read again while
 * the file still holds it unparseable (the same bytes fail the same way); once its id is no longer in the
 * file, or its line ({@code line-N}) no longer holds an unparseable row, it is settled as gone too, and a
 * row fixed under its id is retried ({@link #fate}). The cursor is a position in the queue, never the job's cursor.
 */
final class RetrySource implements ChangeSource {

    static final String GONE_REASON = "no longer at the source (deleted, archived or merged away since it was last read);"
            + " nothing to do";

    /**
     * The reason a retry settles a row the reader could not parse, queued by its line ({@code line-29}: it had no id to read),
     * when that line no longer holds a row the reader cannot parse.
     */
    static final String LINE_GONE_REASON = "the line no longer holds the row the reader could not parse (removed, fixed, or"
            + " another row is there now); nothing to retry: the job's next run reads the file as it is now";

    /**
     * A record to read again, and where it was read before: the location messages name when it is gone.
     *
     * @param unreadable      the reader could not parse it when it failed (a malformed CSV row): a retry does not read it
     *                        again unless the file has changed under it ({@link #fate})
     * @param lifecycle  what its source said of its existence when it failed ({@link Lifecycle#markers}; empty for a live
     *                   record): a record deleted or merged away then, which the source still does not have, is handed on
     *                   as such, so the target's copy is archived or merged; a survivor read again keeps the merges it took in
     */
    record Wanted(SourceRef ref, String location, boolean unreadable, Map<String, Object> lifecycle) {

        Wanted {
            lifecycle = Map.copyOf(lifecycle);
        }

        Wanted(SourceRef ref, String location, boolean unreadable) {
            this(ref, location, unreadable, Map.of());
        }

        Wanted(SourceRef ref, String location) {
            this(ref, location, false);
        }
    }

    /** What became of a queued row the reader could not parse, by the file as it is now. */
    enum Fate {
        /** its id or line still holds a row the reader cannot parse: only a fix at the source helps, it stays queued */
        UNREADABLE,
        /** its id is on a row the reader parses now (the row was fixed): retried like any other record */
        READABLE,
        /** its id is no longer in the file, or its line no longer holds an unparseable row: settled as skipped */
        GONE
    }

    /**
     * What became of a row queued as unreadable ({@code sourceId} its id, or {@code line-N} when it had none), by a read
     * of the whole file. A line that reads cleanly now holds another record, or the fixed row, which the job's regular
     * run settles under its own id: either way the line's entry is done.
     */
    static Fate fate(String sourceId, FileScan scan) {
        if (scan.rejects().containsKey(sourceId)) {
            return Fate.UNREADABLE;
        }
        return !sourceId.startsWith("line-") && scan.rows().containsKey(sourceId) ? Fate.READABLE : Fate.GONE;
    }

    private final Connector connector;
    private final ChangeSource source;
    private final List<Wanted> entries;
    private final Map<SourceRef, String> gone = new ConcurrentHashMap<>();
    /** the read of the file made before the run ({@link UnreadableRows#check}), or null */
    private final UnreadableRows checked;
    private FileScan file;

    /** @param entries the records to read, each with where it was read before (for messages when it is gone) */
    RetrySource(Connector connector, ChangeSource source, List<Wanted> entries) {
        this(connector, source, entries, null);
    }

    /**
     * @param checked the queued unreadable rows as checked just before the run, with the read of the file that made: the
     *                retry reuses it when it was made for every id the retry wants, so the file is read once; null to read it
     */
    RetrySource(Connector connector, ChangeSource source, List<Wanted> entries, UnreadableRows checked) {
        this.connector = connector;
        this.source = source;
        this.entries = List.copyOf(entries);
        this.checked = checked;
    }

    /** Records of the pages read so far that the source no longer has. */
    boolean gone(SourceRef ref) {
        return gone.containsKey(ref);
    }

    /** Why a record of the pages read so far is settled as gone ({@link #GONE_REASON} or {@link #LINE_GONE_REASON}). */
    String goneReason(SourceRef ref) {
        return gone.getOrDefault(ref, GONE_REASON);
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
        Map<String, SourceRecord> found = new HashMap<>();
        Map<String, RejectedRecord> unreadable = new HashMap<>();
        Map<String, String> goneReasons = new HashMap<>();
        if (source.incremental()) {
            // an API source's reader does not fail on a row of its own: nothing unreadable is read again by id
            List<String> ids = slice.stream().filter(entry -> !entry.unreadable()).map(entry -> entry.ref().sourceId()).toList();
            if (!ids.isEmpty()) {
                byId(object, ids).forEach((id, fields) -> found.put(id, new SourceRecord(null, fields, null, null)));
            }
        } else {
            scanFile(object);
            slice.forEach(entry -> {
                String id = entry.ref().sourceId();
                if (!entry.unreadable()) {
                    if (file.rows().containsKey(id)) {
                        found.put(id, file.rows().get(id));
                    } else if (file.rejects().containsKey(id)) {
                        unreadable.put(id, file.rejects().get(id));
                    }
                    return;
                }
                switch (fate(id, file)) {
                    case READABLE -> found.put(id, file.rows().get(id));
                    case GONE -> goneReasons.put(id, id.startsWith("line-") ? LINE_GONE_REASON : GONE_REASON);
                    case UNREADABLE -> { } // still unparseable: not read again, it stays queued with its one attempt
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
                records.add(new SourceRecord(entry.ref(), survivor(now.fields(), entry), now.modifiedAt(), location));
            } else if (unreadable.containsKey(id)) {
                rejected.add(unreadable.get(id));
            } else if (Lifecycle.of(entry.lifecycle()).deleted()) {
                // deleted or merged away when it failed, and still (one restored since is read live above): what failed is
                // the archive or the merge in the target, so it is tried again
                records.add(new SourceRecord(entry.ref(), entry.lifecycle(), null, entry.location()));
            } else if (!entry.unreadable() || goneReasons.containsKey(id)) {
                gone.put(entry.ref(), goneReasons.getOrDefault(id, GONE_REASON));
                records.add(new SourceRecord(entry.ref(), Map.of(), null, entry.location()));
            }
        }
        boolean last = to >= entries.size();
        return new SourcePage(records, rejected, new Cursor(Integer.toString(to)), last,
                entries.isEmpty() ? 1.0 : (double) to / entries.size());
    }

    /**
     * A record read again by id, with the merges it had taken in when it failed: a read by id does not bring them (HubSpot's
     * {@code hs_merged_object_ids} comes with a change read), and a merge that failed in the target is tried again.
     */
    private static Map<String, Object> survivor(Map<String, Object> fields, Wanted entry) {
        Object merged = entry.lifecycle().get(Lifecycle.MERGED_IDS);
        if (merged == null || fields.containsKey(Lifecycle.MERGED_IDS)) {
            return fields;
        }
        Map<String, Object> with = new java.util.LinkedHashMap<>(fields);
        with.put(Lifecycle.MERGED_IDS, merged);
        return with;
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

    /**
     * Reads a snapshot source once, keeping the rows (and unparseable rows) of the pending ids; the read made by the check
     * before the run stands in for it when it covers them all (an entry queued since, by another process, is not in it
     * and would look gone: then the file is read again).
     */
    private void scanFile(String object) {
        if (file != null) {
            return;
        }
        Set<String> all = new HashSet<>();
        entries.forEach(entry -> all.add(entry.ref().sourceId()));
        FileScan made = checked == null ? null : checked.scan(object, all);
        file = made != null ? made : FileScan.of(source, object, all);
    }
}

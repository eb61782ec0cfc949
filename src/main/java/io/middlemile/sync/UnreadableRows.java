package io.middlemile.sync;

import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.Connector;
import io.middlemile.connector.RejectedRecord;
import io.middlemile.store.RetryQueue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The queued rows of a job its source's reader could not parse, checked against the file as it is now, for
 * {@code middlemile job retry-failed}: which the file still holds unparseable (with where and why now, not as they were
 * when queued: rows above may have been removed since), and how many a retry would settle or read again because the file
 * changed under them ({@link RetrySource#fate}). The retry reads the file again itself; should the file change in
 * between, the retry's read is what counts.
 *
 * @param still   the rows the file still holds unparseable: a retry leaves them queued
 * @param changed how many rows are gone from the file (their id, or their line) or now parse: a retry settles them
 */
public record UnreadableRows(List<Still> still, int changed) {

    /** A row that still cannot be parsed, where it is now and why. */
    public record Still(RetryQueue.Entry entry, String location, String reason) {
    }

    /**
     * Reads the job's source whole when some of {@code unreadable} are of a snapshot source (a file); an API source's
     * entries are kept as queued, since its reader cannot be asked about a row by its line.
     */
    public static UnreadableRows check(Connector connector, List<RetryQueue.Entry> unreadable) {
        ChangeSource source = connector.capability(ChangeSource.class).orElse(null);
        if (unreadable.isEmpty() || source == null || source.incremental()) {
            return new UnreadableRows(unreadable.stream().map(e -> new Still(e, e.location(), e.lastReason())).toList(), 0);
        }
        Map<String, List<RetryQueue.Entry>> byObject = new LinkedHashMap<>();
        unreadable.forEach(entry -> byObject.computeIfAbsent(entry.ref().object(), k -> new ArrayList<>()).add(entry));
        List<Still> still = new ArrayList<>();
        int changed = 0;
        for (Map.Entry<String, List<RetryQueue.Entry>> object : byObject.entrySet()) {
            Set<String> ids = new HashSet<>();
            object.getValue().forEach(entry -> ids.add(entry.ref().sourceId()));
            RetrySource.FileScan scan = RetrySource.FileScan.of(source, object.getKey(), ids);
            for (RetryQueue.Entry entry : object.getValue()) {
                if (RetrySource.fate(entry.ref().sourceId(), scan) == RetrySource.Fate.UNREADABLE) {
                    RejectedRecord now = scan.rejects().get(entry.ref().sourceId());
                    still.add(new Still(entry, now.location(), now.reason()));
                } else {
                    changed++;
                }
            }
        }
        return new UnreadableRows(List.copyOf(still), changed);
    }
}

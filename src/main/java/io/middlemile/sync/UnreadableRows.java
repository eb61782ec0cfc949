package io.middlemile.sync;

import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorFactory;
import io.middlemile.connector.RejectedRecord;
import io.middlemile.store.RetryQueue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A job's retry queue checked against its source before a retry, for {@code middlemile job retry-failed} and the API's
 * {@code POST /api/jobs/{job}/retry-failed} alike: of the rows its reader could not parse, which the file still holds
 * unparseable (with where and why now, not as they were when queued: rows above may have been removed since), and how many
 * a retry would settle or read again because the file changed under them ({@link RetrySource#fate}). The file is read once
 * for this, for every queued id of it, and the retry run reuses that read ({@link #scan}; pass this to
 * {@code HubReadConsumer.runRetry}): what the check saw is what the retry does.
 *
 * @param readable the queued records that are not unreadable rows: a retry reads them again whatever the file holds
 * @param still    the rows the file still holds unparseable: a retry leaves them queued
 * @param changed  how many unreadable rows are gone from the file (their id, or their line) or now parse: a retry settles them
 * @param gone     of {@code changed}, those gone from the file: the retry settles them as skipped (the others it retries)
 * @param scans    the reads of the file the check made, one per object of the queue (none when no unreadable row is queued,
 *                 or the source is an API)
 */
public record UnreadableRows(int readable, List<Still> still, int changed, int gone, List<FileScan> scans) {

    public UnreadableRows {
        still = List.copyOf(still);
        scans = List.copyOf(scans);
    }

    /** A row that still cannot be parsed, where it is now and why. */
    public record Still(RetryQueue.Entry entry, String location, String reason) {
    }

    /** How many records a retry reads: the readable ones, and the unreadable rows the file no longer holds unparseable. */
    public int toRetry() {
        return readable + changed;
    }

    /** The check's read of {@code object} when it was made for every one of {@code ids}, or null. */
    FileScan scan(String object, Set<String> ids) {
        return scans.stream().filter(scan -> scan.covers(object, ids)).findFirst().orElse(null);
    }

    /** Checks {@code pending} (a job's whole retry queue) against the source of its unreadable rows, opened for this. */
    public static UnreadableRows check(ConnectorFactory connectors, List<RetryQueue.Entry> pending) {
        RetryQueue.Entry first = pending.stream().filter(RetryQueue.Entry::unreadable).findFirst().orElse(null);
        if (first == null) {
            return new UnreadableRows(pending.size(), List.of(), 0, 0, List.of());
        }
        try (Connector connector = connectors.open(first.ref().connection())) {
            return check(connector, pending);
        }
    }

    /**
     * Reads the job's source whole, once per object, when some of the unreadable entries of {@code pending} are of a
     * snapshot source (a file); an API source's entries are kept as queued, since its reader cannot be asked about a row by
     * its line.
     */
    public static UnreadableRows check(Connector connector, List<RetryQueue.Entry> pending) {
        List<RetryQueue.Entry> unreadable = pending.stream().filter(RetryQueue.Entry::unreadable).toList();
        int readable = pending.size() - unreadable.size();
        ChangeSource source = connector.capability(ChangeSource.class).orElse(null);
        if (unreadable.isEmpty() || source == null || source.incremental()) {
            return new UnreadableRows(readable, unreadable.stream().map(e -> new Still(e, e.location(), e.lastReason())).toList(),
                    0, 0, List.of());
        }
        Map<String, List<RetryQueue.Entry>> byObject = new LinkedHashMap<>();
        unreadable.forEach(entry -> byObject.computeIfAbsent(entry.ref().object(), k -> new ArrayList<>()).add(entry));
        List<Still> still = new ArrayList<>();
        List<FileScan> scans = new ArrayList<>();
        int changed = 0;
        int gone = 0;
        for (Map.Entry<String, List<RetryQueue.Entry>> object : byObject.entrySet()) {
            // every queued id of the object, not only the unreadable ones: the retry run reads its records from this scan
            Set<String> ids = new HashSet<>();
            pending.stream().filter(entry -> entry.ref().object().equals(object.getKey()))
                    .forEach(entry -> ids.add(entry.ref().sourceId()));
            FileScan scan = FileScan.of(source, object.getKey(), ids);
            scans.add(scan);
            for (RetryQueue.Entry entry : object.getValue()) {
                RetrySource.Fate fate = RetrySource.fate(entry.ref().sourceId(), scan);
                if (fate == RetrySource.Fate.UNREADABLE) {
                    RejectedRecord now = scan.rejects().get(entry.ref().sourceId());
                    still.add(new Still(entry, now.location(), now.reason()));
                } else {
                    changed++;
                    gone += fate == RetrySource.Fate.GONE ? 1 : 0;
                }
            }
        }
        return new UnreadableRows(readable, still, changed, gone, scans);
    }
}

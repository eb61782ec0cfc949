package io.middlemile.connector.hubspot;

import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;
import io.middlemile.model.SourceRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one object's changes after a {@link HubSpotCursor}: live records through the search API,
 * then archived ones through the list API (search never returns archived records).
 *
 * <p><b>Live records.</b> Every search request is anchored at the cursor, (modified, id):
 * {@code modified > T} OR ({@code modified == T} AND {@code hs_object_id > id}) — two filter groups,
 * sorted by the modified property ascending. It never pages with {@code after}: an offset into a
 * result set that changes while being read skips records (a record modified mid-sweep moves to the
 * end and shifts every offset), and a query stops at 10,000 results anyway. Re-anchoring each
 * request avoids both; it costs the same number of requests.
 *
 * <p>HubSpot applies a single sort rule, so records sharing one millisecond come back in no
 * particular order. A full page therefore emits only the records strictly older than its newest
 * timestamp (those are complete: they sort before it); the newest timestamp is read again by the
 * next request. When a whole page shares one timestamp, that timestamp is drained by a second query
 * ({@code modified == T}, sorted by {@code hs_object_id}), so the id tie-break is exact.
 *
 * <p><b>Archived records.</b> After the live records are exhausted the recycle bin is listed
 * ({@code archived=true}); records archived after the previous complete scan are emitted with
 * {@code __archived=true}. The list API has no time filter, so every run scans the bin once.
 */
final class HubSpotChangeReader {

    static final String ARCHIVED_FIELD = io.middlemile.connector.Lifecycle.ARCHIVED;
    static final String ARCHIVED_AT_FIELD = "__archivedAt";
    static final String MERGED_IDS_FIELD = io.middlemile.connector.Lifecycle.MERGED_IDS;
    static final String MERGED_IDS_PROPERTY = "hs_merged_object_ids";

    private final String connectionId;
    private final String object;
    private final String modifiedProperty;
    private final List<String> properties;
    private final HubSpotClient client;

    HubSpotChangeReader(String connectionId, String object, String modifiedProperty, List<String> properties, HubSpotClient client) {
        this.connectionId = connectionId;
        this.object = object;
        this.modifiedProperty = modifiedProperty;
        this.properties = properties;
        this.client = client;
    }

    SourcePage read(HubSpotCursor cursor, int pageSize) {
        if (cursor.archivedScan()) {
            return readArchived(cursor, pageSize);
        }
        List<SourceRecord> records = new ArrayList<>();
        HubSpotCursor at = cursor;
        boolean exhausted = false;
        while (records.size() < pageSize) {
            Step step = nextLive(at, Math.min(HubSpotClient.MAX_SEARCH_LIMIT, pageSize - records.size()));
            records.addAll(step.records());
            at = step.cursor();
            if (step.exhausted()) {
                exhausted = true;
                break;
            }
            if (!step.records().isEmpty()) {
                // a page one or two records short of full is fine; topping it up would cost two more searches
                // (the search budget, ~5/s, is what bounds a sync's throughput)
                break;
            }
        }
        if (!exhausted) {
            return new SourcePage(records, List.of(), at.toCursor(), false, -1);
        }
        HubSpotCursor scan = at.scanningArchive(null, at.archivedSince());
        if (records.isEmpty()) {
            return readArchived(scan, pageSize);
        }
        return new SourcePage(records, List.of(), scan.toCursor(), false, -1);
    }

    private record Step(List<SourceRecord> records, HubSpotCursor cursor, boolean exhausted) {
    }

    private Step nextLive(HubSpotCursor at, int limit) {
        List<List<HubSpotSearch.Filter>> groups = new ArrayList<>();
        if (at.ts() < 0) {
            groups.add(List.of(HubSpotSearch.Filter.of(modifiedProperty, "GTE", "0")));
        } else {
            groups.add(List.of(HubSpotSearch.Filter.of(modifiedProperty, "GT", Long.toString(at.ts()))));
            groups.add(List.of(HubSpotSearch.Filter.of(modifiedProperty, "EQ", Long.toString(at.ts())),
                    HubSpotSearch.Filter.of("hs_object_id", "GT", Long.toString(at.id()))));
        }
        HubSpotPage page = client.search(object, new HubSpotSearch(groups, HubSpotSearch.Sort.ascending(modifiedProperty),
                properties, limit, null));
        List<Keyed> found = keyed(page.results());
        if (found.isEmpty()) {
            return new Step(List.of(), at, true);
        }
        found.sort(Keyed.ORDER);
        if (!page.hasMore()) {
            Keyed last = found.get(found.size() - 1);
            return new Step(toRecords(found), at.at(last.ts, last.id), true);
        }
        long newest = found.get(found.size() - 1).ts;
        List<Keyed> complete = found.stream().filter(k -> k.ts < newest).toList();
        if (!complete.isEmpty()) {
            Keyed last = complete.get(complete.size() - 1);
            return new Step(toRecords(complete), at.at(last.ts, last.id), false);
        }
        return drainTimestamp(at, newest, limit);
    }

    /** Reads records of one shared timestamp in id order, after the cursor's id when it is at that timestamp. */
    private Step drainTimestamp(HubSpotCursor at, long ts, int limit) {
        long afterId = at.ts() == ts ? at.id() : 0;
        HubSpotPage page = client.search(object, new HubSpotSearch(List.of(List.of(
                HubSpotSearch.Filter.of(modifiedProperty, "EQ", Long.toString(ts)),
                HubSpotSearch.Filter.of("hs_object_id", "GT", Long.toString(afterId)))),
                HubSpotSearch.Sort.ascending("hs_object_id"), properties, limit, null));
        List<Keyed> found = keyed(page.results());
        found.removeIf(k -> k.ts != ts); // modified again since the first query: it will come back later
        if (found.isEmpty()) {
            // Everything at ts was read (or moved on): continue strictly after it.
            return new Step(List.of(), at.at(ts, Long.MAX_VALUE), false);
        }
        found.sort(Keyed.ORDER);
        Keyed last = found.get(found.size() - 1);
        return new Step(toRecords(found), at.at(ts, last.id), false);
    }

    private SourcePage readArchived(HubSpotCursor cursor, int pageSize) {
        HubSpotPage page = client.list(object, Math.min(pageSize, HubSpotClient.MAX_LIST_LIMIT), cursor.archivedAfter(),
                properties, true);
        List<SourceRecord> records = new ArrayList<>();
        long max = cursor.archivedMax();
        for (HubSpotObject archived : page.results()) {
            long archivedAt = archived.archivedAt() == null ? -1 : archived.archivedAt().toEpochMilli();
            max = Math.max(max, archivedAt);
            if (archivedAt > cursor.archivedSince()) {
                Map<String, Object> fields = fields(archived);
                fields.put(ARCHIVED_FIELD, true);
                fields.put(ARCHIVED_AT_FIELD, archived.archivedAt() == null ? null : archived.archivedAt().toString());
                records.add(new SourceRecord(new SourceRef(connectionId, object, archived.id()), fields,
                        archived.archivedAt(), location(archived.id(), "recycle bin")));
            }
        }
        if (page.hasMore()) {
            return new SourcePage(records, List.of(), cursor.scanningArchive(page.nextAfter(), max).toCursor(), false, -1);
        }
        HubSpotCursor done = cursor.scanningArchive(null, max).archiveScanDone();
        return new SourcePage(records, List.of(), done.toCursor(), true, 1.0);
    }

    private record Keyed(long ts, long id, HubSpotObject object) {
        static final Comparator<Keyed> ORDER = Comparator.comparingLong(Keyed::ts).thenComparingLong(Keyed::id);
    }

    private List<Keyed> keyed(List<HubSpotObject> objects) {
        List<Keyed> keyed = new ArrayList<>(objects.size());
        for (HubSpotObject o : objects) {
            Instant modified = HubSpotJson.instant(o.property(modifiedProperty));
            if (modified == null) {
                modified = o.updatedAt() == null ? Instant.EPOCH : o.updatedAt();
            }
            keyed.add(new Keyed(modified.toEpochMilli(), Long.parseLong(o.id()), o));
        }
        return keyed;
    }

    private List<SourceRecord> toRecords(List<Keyed> keyed) {
        List<SourceRecord> records = new ArrayList<>(keyed.size());
        for (Keyed k : keyed) {
            records.add(new SourceRecord(new SourceRef(connectionId, object, k.object().id()), fields(k.object()),
                    Instant.ofEpochMilli(k.ts()), location(k.object().id(), "search")));
        }
        return records;
    }

    private Map<String, Object> fields(HubSpotObject o) {
        Map<String, Object> fields = new LinkedHashMap<>(o.properties());
        fields.putIfAbsent("hs_object_id", o.id());
        String merged = o.property(MERGED_IDS_PROPERTY);
        if (merged != null && !merged.isBlank()) {
            // HubSpot lists merged-away ids separated by semicolons; the hub retires them in the crosswalk.
            fields.put(MERGED_IDS_FIELD, Arrays.stream(merged.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList());
        }
        return fields;
    }

    /** Where a record was read, naming the record, so an outcome line says which one without the raw values. */
    private String location(String id, String how) {
        return "HubSpot " + connectionId + "/" + object + "/" + id + " (" + how + ")";
    }
}

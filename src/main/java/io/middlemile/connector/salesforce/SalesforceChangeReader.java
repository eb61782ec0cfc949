package io.middlemile.connector.salesforce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.RejectedRecord;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;
import io.middlemile.model.SourceRef;
import io.middlemile.workspace.SalesforceBulk;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Supplier;

/**
 * Reads one page of changes of an object with one SOQL query through queryAll:
 * <pre>SELECT fields FROM Obj WHERE SystemModstamp > :ts OR (SystemModstamp = :ts AND Id > :id)
 * ORDER BY SystemModstamp, Id LIMIT pageSize</pre>
 * queryAll, not query, so records deleted or merged away since the cursor are seen too (IsDeleted,
 * MasterRecordId). Rows stamped in the second the org answered in (its {@code Date} header) are left for the next read:
 * that second is not over, and a record saved later in it would get the same stamp behind the cursor. SystemModstamp rather than LastModifiedDate because system changes (merges,
 * roll-ups) move only SystemModstamp. Batches of the same query are followed through nextRecordsUrl.
 *
 * <p>Large reads go through a Bulk API 2.0 queryAll job instead. When: the REST query above is sent
 * first, and if its answer's {@code totalSize} (the records the whole query returns, at most pageSize)
 * is above {@code bulk.queryAbove} and the first batch (up to 2,000 records) does not already hold them
 * all, the rest of its batches are not fetched; a job runs the same SELECT
 * and WHERE without ORDER BY and LIMIT (which Bulk API 2.0 advises against: they disable PK chunking),
 * and the hub keeps the first pageSize rows in (SystemModstamp, Id) order itself. So the page, its
 * records (same fields, same value types as REST) and its cursor are exactly those the REST read gives;
 * the probe costs one REST call, and SOQL's COUNT() is avoided because Bulk API cannot run it and it
 * would cost a call on every small incremental read too. A job reads every change after the cursor, so
 * give jobs that read much a page size near the volume expected (e.g. the first full load in one page).
 */
final class SalesforceChangeReader {

    static final String DELETED_FIELD = io.middlemile.connector.Lifecycle.DELETED;
    static final String MERGED_INTO_FIELD = io.middlemile.connector.Lifecycle.MERGED_INTO;

    private final String connectionId;
    private final String object;
    private final String modifiedField;
    private final List<String> fields;
    private final SalesforceClient client;
    private final SalesforceBulk bulk;
    private final Supplier<SalesforceFieldCatalog> catalog;
    private String lastBulkJob;

    /** REST dateTime rendering (2024-03-01T09:00:00.000+0000), so bulk rows carry the same strings as REST rows. */
    private static final DateTimeFormatter REST_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);
    /** Records per set of bulk query results asked for (each set is one call). */
    static final int BULK_RESULTS_PER_CALL = 50_000;

    SalesforceChangeReader(String connectionId, String object, String modifiedField, List<String> fields, SalesforceClient client) {
        this(connectionId, object, modifiedField, fields, client, SalesforceBulk.off(), () -> null);
    }

    SalesforceChangeReader(String connectionId, String object, String modifiedField, List<String> fields, SalesforceClient client,
                           SalesforceBulk bulk, Supplier<SalesforceFieldCatalog> catalog) {
        this.connectionId = connectionId;
        this.object = object;
        this.modifiedField = modifiedField;
        this.fields = fields;
        this.client = client;
        this.bulk = bulk;
        this.catalog = catalog;
    }

    String soql(SalesforceCursor cursor, int pageSize) {
        return select(cursor) + " ORDER BY " + modifiedField + " ASC, Id ASC LIMIT " + pageSize;
    }

    /** SELECT and WHERE of a read after the cursor, without ORDER BY and LIMIT (the Bulk API 2.0 job's query). */
    String select(SalesforceCursor cursor) {
        StringBuilder soql = new StringBuilder("SELECT ").append(String.join(", ", fields)).append(" FROM ").append(object);
        if (!cursor.isStart()) {
            String ts = Soql.dateTime(cursor.ts());
            soql.append(" WHERE ").append(modifiedField).append(" > ").append(ts)
                    .append(" OR (").append(modifiedField).append(" = ").append(ts).append(" AND Id > ").append(Soql.string(cursor.id())).append(")");
        }
        return soql.toString();
    }

    /** The id of the Bulk API 2.0 job of the last read, null when it went through REST paging. */
    String lastBulkJob() {
        return lastBulkJob;
    }

    SourcePage read(SalesforceCursor cursor, int pageSize) {
        lastBulkJob = null;
        SalesforceQueryResult batch = client.query(soql(cursor, pageSize), true);
        List<Map<String, Object>> rows = new ArrayList<>();
        String how;
        if (bulk.queryEnabled() && !batch.done() && batch.totalSize() > bulk.queryAbove()) {
            rows.addAll(bulkRows(cursor, pageSize));
            how = "Bulk API 2.0 queryAll job " + lastBulkJob;
        } else {
            for (ObjectNode row : client.allRows(batch)) {
                rows.add(SalesforceJson.fields(row));
            }
            how = "queryAll";
        }
        List<SourceRecord> records = new ArrayList<>();
        List<RejectedRecord> rejected = new ArrayList<>();
        SalesforceCursor next = cursor;
        // SystemModstamp has whole seconds: a record saved later in the second the org answered in gets the same stamp, and
        // with an Id below the cursor's it would sort before the cursor and never be read. So rows of that second wait for
        // the next read; the page ends before them (the rows come in stamp order).
        Instant horizon = (batch.serverTime() != null ? batch.serverTime() : Instant.now()).truncatedTo(ChronoUnit.SECONDS);
        for (Map<String, Object> values : rows) {
            Object id = values.get("Id");
            Instant modified;
            try {
                modified = SalesforceJson.instant(values.get(modifiedField));
            } catch (RuntimeException e) {
                modified = null;
            }
            if (id == null || modified == null) {
                // Without Id and timestamp the cursor cannot move past this row; the query always selects both, so this is a bug upstream.
                throw new ConnectorException(ConnectorException.Kind.FATAL, "Salesforce connection '" + connectionId + "': a " + object
                        + " record came back without Id or " + modifiedField + ": " + values);
            }
            if (!modified.isBefore(horizon)) {
                break;
            }
            if (Boolean.TRUE.equals(values.get("IsDeleted"))) {
                values.put(DELETED_FIELD, true);
            }
            Object master = values.get("MasterRecordId");
            if (master != null) {
                values.put(MERGED_INTO_FIELD, master);
            }
            records.add(new SourceRecord(new SourceRef(connectionId, object, id.toString()), values, modified,
                    location(id.toString(), how)));
            next = new SalesforceCursor(modified, id.toString());
        }
        return new SourcePage(records, rejected, next.toCursor(), records.size() < pageSize, -1);
    }

    /**
     * Where a record was read, naming the record itself (as HubSpot's reader does): outcome lines and rejects are read by
     * someone who goes to fix that record, so the page's cursor (another record's id) must not stand in for it.
     */
    private String location(String id, String how) {
        return "Salesforce " + connectionId + "/" + object + "/" + id + " (" + how + ")";
    }

    /**
     * Runs the read as a queryAll job and keeps the first pageSize rows in (SystemModstamp, Id) order, holding at
     * most pageSize rows while the result sets stream in (a max-heap: the largest kept row leaves first).
     */
    private List<Map<String, Object>> bulkRows(SalesforceCursor cursor, int pageSize) {
        String what = "the Bulk API 2.0 queryAll job reading " + object;
        String jobId = client.createQueryJob(select(cursor), true).path("id").asText();
        lastBulkJob = jobId;
        SalesforceBulkJobs.await(connectionId, what, client.settings(), () -> client.queryJob(jobId), () -> client.abortQueryJob(jobId));
        Comparator<Map<String, Object>> order = Comparator.<Map<String, Object>, Instant>comparing(v -> SalesforceJson.instant(v.get(modifiedField)))
                .thenComparing(v -> String.valueOf(v.get("Id")));
        PriorityQueue<Map<String, Object>> kept = new PriorityQueue<>(order.reversed());
        SalesforceFieldCatalog types = catalog.get();
        String locator = null;
        do {
            SalesforceClient.BulkResults set = client.queryResults(jobId, locator, BULK_RESULTS_PER_CALL);
            List<List<String>> csv = SalesforceBulkJobs.parse(set.csv());
            if (!csv.isEmpty()) {
                List<String> header = csv.get(0);
                for (List<String> cells : csv.subList(1, csv.size())) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (int c = 0; c < header.size(); c++) {
                        values.put(header.get(c), typed(types, header.get(c), c < cells.size() ? cells.get(c) : ""));
                    }
                    kept.add(values);
                    if (kept.size() > pageSize) {
                        kept.poll();
                    }
                }
            }
            locator = set.nextLocator();
        } while (locator != null);
        List<Map<String, Object>> rows = new ArrayList<>(kept);
        rows.sort(order);
        return rows;
    }

    /**
     * A CSV cell as the value REST's JSON gives for it: empty is null; boolean, number (Long when integral, else the
     * BigDecimal of the double, as Jackson reads JSON numbers) and dateTime (REST's +0000 rendering) by the describe type.
     */
    static Object typed(SalesforceFieldCatalog types, String field, String cell) {
        if (cell == null || cell.isEmpty()) {
            return null;
        }
        SalesforceFieldCatalog.Field describe = types == null ? null : types.field(field);
        String type = describe == null ? "string" : describe.type();
        return switch (type) {
            case "boolean" -> Boolean.parseBoolean(cell);
            case "int", "long", "double", "currency", "percent" -> cell.matches("-?\\d+") ? (Object) Long.parseLong(cell)
                    : (Object) BigDecimal.valueOf(Double.parseDouble(cell));
            case "datetime" -> REST_DATETIME.format(SalesforceJson.instant(cell));
            default -> cell;
        };
    }
}

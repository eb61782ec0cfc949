package io.middlemile.connector.salesforce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.RejectedRecord;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;
import io.middlemile.model.SourceRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads one page of changes of an object with one SOQL query through queryAll:
 * <pre>SELECT fields FROM Obj WHERE SystemModstamp > :ts OR (SystemModstamp = :ts AND Id > :id)
 * ORDER BY SystemModstamp, Id LIMIT pageSize</pre>
 * queryAll, not query, so records deleted or merged away since the cursor are seen too (IsDeleted,
 * MasterRecordId). SystemModstamp rather than LastModifiedDate because system changes (merges,
 * roll-ups) move only SystemModstamp. Batches of the same query are followed through nextRecordsUrl.
 */
final class SalesforceChangeReader {

    static final String DELETED_FIELD = io.middlemile.connector.Lifecycle.DELETED;
    static final String MERGED_INTO_FIELD = io.middlemile.connector.Lifecycle.MERGED_INTO;

    private final String connectionId;
    private final String object;
    private final String modifiedField;
    private final List<String> fields;
    private final SalesforceClient client;

    SalesforceChangeReader(String connectionId, String object, String modifiedField, List<String> fields, SalesforceClient client) {
        this.connectionId = connectionId;
        this.object = object;
        this.modifiedField = modifiedField;
        this.fields = fields;
        this.client = client;
    }

    String soql(SalesforceCursor cursor, int pageSize) {
        StringBuilder soql = new StringBuilder("SELECT ").append(String.join(", ", fields)).append(" FROM ").append(object);
        if (!cursor.isStart()) {
            String ts = Soql.dateTime(cursor.ts());
            soql.append(" WHERE ").append(modifiedField).append(" > ").append(ts)
                    .append(" OR (").append(modifiedField).append(" = ").append(ts).append(" AND Id > ").append(Soql.string(cursor.id())).append(")");
        }
        soql.append(" ORDER BY ").append(modifiedField).append(" ASC, Id ASC LIMIT ").append(pageSize);
        return soql.toString();
    }

    SourcePage read(SalesforceCursor cursor, int pageSize) {
        SalesforceQueryResult batch = client.query(soql(cursor, pageSize), true);
        List<ObjectNode> rows = new ArrayList<>(batch.records());
        while (!batch.done() && batch.nextRecordsUrl() != null) {
            batch = client.queryMore(batch.nextRecordsUrl());
            rows.addAll(batch.records());
        }
        List<SourceRecord> records = new ArrayList<>();
        List<RejectedRecord> rejected = new ArrayList<>();
        SalesforceCursor next = cursor;
        String location = "Salesforce queryAll " + object + " after " + (cursor.isStart() ? "start" : cursor.ts() + "/" + cursor.id());
        for (ObjectNode row : rows) {
            Map<String, Object> values = SalesforceJson.fields(row);
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
                        + " record came back without Id or " + modifiedField + ": " + row);
            }
            if (Boolean.TRUE.equals(values.get("IsDeleted"))) {
                values.put(DELETED_FIELD, true);
            }
            Object master = values.get("MasterRecordId");
            if (master != null) {
                values.put(MERGED_INTO_FIELD, master);
            }
            records.add(new SourceRecord(new SourceRef(connectionId, object, id.toString()), values, modified, location));
            next = new SalesforceCursor(modified, id.toString());
        }
        return new SourcePage(records, rejected, next.toCursor(), records.size() < pageSize, -1);
    }
}

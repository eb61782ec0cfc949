package io.middlemile.connector.salesforce;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one batch (at most 200) of an object with sObject Collections, one outcome per record in
 * input order. How a record's key is used:
 * <ul>
 *   <li>object configured with an external id field ({@code id: Middlemile_Key__c}): upsert by that
 *       field, PATCH /composite/sobjects/{Obj}/{field}. Replaying a batch updates the same records:
 *       this is the idempotent mode and the one to use for records that do not exist in Salesforce yet.</li>
 *   <li>object keyed by {@code Id}: a key that is a 15/18-character record Id is an update by Id
 *       (idempotent); any other key is a create (POST). Creates are NOT idempotent: a replay after a
 *       crash between the call and the commit creates duplicates. Configure an external id field to
 *       avoid that.</li>
 * </ul>
 * Records naming unknown or read-only fields are rejected before the call (see
 * {@link SalesforceFieldCatalog}); a whole call refused as invalid rejects its records with the reason.
 */
final class SalesforceRecordWriter {

    private final String object;
    private final String externalIdField;
    private final SalesforceFieldCatalog catalog;
    private final SalesforceClient client;

    SalesforceRecordWriter(String object, String externalIdField, SalesforceFieldCatalog catalog, SalesforceClient client) {
        this.object = object;
        this.externalIdField = externalIdField;
        this.catalog = catalog;
        this.client = client;
    }

    List<WriteOutcome> write(List<TargetRecord> records) {
        WriteOutcome[] outcomes = new WriteOutcome[records.size()];
        List<Integer> upserts = new ArrayList<>();
        List<Integer> updates = new ArrayList<>();
        List<Integer> creates = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            TargetRecord record = records.get(i);
            Map<String, Object> fields = body(record);
            boolean update = externalIdField == null && Soql.isRecordId(record.key());
            boolean upsert = externalIdField != null;
            String problem = catalog == null ? null : catalog.problem(fields.keySet(), !update);
            if (upsert && (record.key() == null || record.key().isBlank())) {
                problem = "MISSING_ARGUMENT: the record has no value for the external id field " + externalIdField;
            }
            if (problem != null) {
                outcomes[i] = WriteOutcome.rejected(record.origin(), problem);
            } else if (upsert) {
                upserts.add(i);
            } else if (update) {
                updates.add(i);
            } else {
                creates.add(i);
            }
        }
        if (!upserts.isEmpty()) {
            send(records, upserts, outcomes, batch -> client.upsert(object, externalIdField, bodies(records, batch, true)));
        }
        if (!updates.isEmpty()) {
            List<String> ids = updates.stream().map(i -> records.get(i).key()).toList();
            send(records, updates, outcomes, batch -> client.update(object, ids, bodies(records, batch, false)));
        }
        if (!creates.isEmpty()) {
            send(records, creates, outcomes, batch -> client.create(object, bodies(records, batch, false)));
        }
        return Arrays.asList(outcomes);
    }

    private interface Call {
        List<SalesforceSaveResult> apply(List<Integer> batch);
    }

    private void send(List<TargetRecord> records, List<Integer> batch, WriteOutcome[] outcomes, Call call) {
        List<SalesforceSaveResult> results;
        try {
            results = call.apply(batch);
        } catch (ConnectorException e) {
            if (e.kind() != Kind.INVALID_REQUEST) {
                throw e;
            }
            batch.forEach(i -> outcomes[i] = WriteOutcome.rejected(records.get(i).origin(), e.getMessage()));
            return;
        }
        if (results.size() != batch.size()) {
            throw new ConnectorException(Kind.FATAL, "Salesforce answered " + results.size() + " results for " + batch.size() + " "
                    + object + " records; outcomes cannot be matched to records. Check the records in Salesforce before retrying.");
        }
        for (int n = 0; n < batch.size(); n++) {
            int i = batch.get(n);
            SalesforceSaveResult result = results.get(n);
            TargetRecord record = records.get(i);
            outcomes[i] = result.success()
                    ? WriteOutcome.written(record.origin(), result.id())
                    : WriteOutcome.rejected(record.origin(), "Salesforce refused " + object + " " + record.key() + ": " + result.errors());
        }
    }

    private List<Map<String, Object>> bodies(List<TargetRecord> records, List<Integer> batch, boolean withExternalId) {
        List<Map<String, Object>> bodies = new ArrayList<>();
        for (int i : batch) {
            Map<String, Object> body = body(records.get(i));
            if (withExternalId) {
                body.put(externalIdField, records.get(i).key());
            }
            bodies.add(body);
        }
        return bodies;
    }

    /** The fields to send; Id travels separately (update) and the external id is set from the key. */
    private Map<String, Object> body(TargetRecord record) {
        Map<String, Object> body = new LinkedHashMap<>(record.fields());
        body.keySet().removeIf(k -> k.equalsIgnoreCase("Id") || k.equalsIgnoreCase("attributes")
                || (externalIdField != null && k.equalsIgnoreCase(externalIdField)));
        return body;
    }
}

package io.middlemile.connector.salesforce;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.workspace.SalesforceBulk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * {@link SalesforceFieldCatalog}), and so are records sent by sObject Collections with a value their field's type
 * cannot take (a word in a number field): Salesforce would fail the whole call for it. A whole call still refused
 * with JSON_PARSER_ERROR (a value of a type not checked, such as a date in a wrong format) rejects the record holding
 * the value Salesforce quoted and sends the call's other records again ({@link WholeCallRefusal}); when no record is
 * known to hold it, every record of the call is rejected, told which records the call carried. A whole call refused as
 * invalid for another reason rejects its records, each told what Salesforce answered and what to check
 * ({@link InvalidCallRefusal}).
 *
 * <p>Size: upserts and updates go in sObject Collections calls of 200; when more than {@code bulk.ingestAbove}
 * of them are in the batch, they go as one Bulk API 2.0 ingest job instead ({@link SalesforceBulkWriter}),
 * with the same per-record outcomes. Creates always use Collections: an insert job's results can only be
 * matched to records by their content, and creates are not replay-safe anyway.
 */
final class SalesforceRecordWriter {

    private final String object;
    private final String externalIdField;
    private final SalesforceFieldCatalog catalog;
    private final SalesforceClient client;
    private final SalesforceBulk bulk;
    private final SalesforceBulkWriter bulkWriter;

    SalesforceRecordWriter(String object, String externalIdField, SalesforceFieldCatalog catalog, SalesforceClient client) {
        this("salesforce", object, externalIdField, catalog, client, SalesforceBulk.off());
    }

    SalesforceRecordWriter(String connectionId, String object, String externalIdField, SalesforceFieldCatalog catalog, SalesforceClient client,
                           SalesforceBulk bulk) {
        this.object = object;
        this.externalIdField = externalIdField;
        this.catalog = catalog;
        this.client = client;
        this.bulk = bulk;
        this.bulkWriter = new SalesforceBulkWriter(connectionId, object, client);
    }

    private boolean viaBulk(List<Integer> batch) {
        return bulk.ingestEnabled() && batch.size() > bulk.ingestAbove();
    }

    private Map<Integer, Map<String, Object>> bodiesByIndex(List<TargetRecord> records, List<Integer> batch) {
        Map<Integer, Map<String, Object>> bodies = new LinkedHashMap<>();
        batch.forEach(i -> bodies.put(i, body(records.get(i))));
        return bodies;
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
        if (viaBulk(upserts)) {
            bulkWriter.write("upsert", externalIdField, records, upserts, bodiesByIndex(records, upserts), outcomes);
        } else if (!upserts.isEmpty()) {
            send(records, upserts, outcomes, true, batch -> client.upsert(object, externalIdField, bodies(records, batch, true)));
        }
        if (viaBulk(updates)) {
            bulkWriter.write("update", "Id", records, updates, bodiesByIndex(records, updates), outcomes);
        } else if (!updates.isEmpty()) {
            send(records, updates, outcomes, true, batch -> client.update(object, batch.stream().map(i -> records.get(i).key()).toList(),
                    bodies(records, batch, false)));
        }
        if (!creates.isEmpty()) {
            send(records, creates, outcomes, false, batch -> client.create(object, bodies(records, batch, false)));
        }
        return Arrays.asList(outcomes);
    }

    private interface Call {
        List<SalesforceSaveResult> apply(List<Integer> batch);
    }

    /**
     * Sends the records in sObject Collections calls of at most 200, but not a record with a value its field's type cannot
     * take: the org's JSON parser would refuse the whole call for it, failing every other record of the call. That record
     * is rejected alone here. (A Bulk API 2.0 job reports such a value per record, so its records are not checked.)
     *
     * @param keysSent whether the calls carry the records' keys (an upsert's external id, an update's Id), by which a
     *                 refusal may name a record; a create carries none
     */
    private void send(List<TargetRecord> records, List<Integer> all, WriteOutcome[] outcomes, boolean keysSent, Call call) {
        List<Integer> readable = new ArrayList<>();
        for (int i : all) {
            String problem = catalog == null ? null : catalog.valueProblem(body(records.get(i)));
            if (problem == null) {
                readable.add(i);
            } else {
                outcomes[i] = WriteOutcome.rejected(records.get(i).origin(), problem);
            }
        }
        for (int from = 0; from < readable.size(); from += SalesforceClient.MAX_COLLECTION_RECORDS) {
            sendOne(records, readable.subList(from, Math.min(readable.size(), from + SalesforceClient.MAX_COLLECTION_RECORDS)), outcomes,
                    keysSent, call);
        }
    }

    /**
     * Calls a refused call's other records are sent again in at most. Each resend finds only one more bad value: a mapping
     * that makes many records' values unreadable (a free-text column mapped to a date field) would otherwise cost a call per
     * record, 200 for one batch, out of the org's daily API allocation. After these, the rest of the call is rejected with
     * the refusal explained, and the job's retry sends it again once the mapping or the values are fixed.
     */
    static final int MAX_RESENDS = 3;

    /**
     * One sObject Collections call for these records, and, when Salesforce refuses it whole for a value in records it can tell,
     * new calls for the others without them ({@link #refused}). Each resend is a call like the first: it goes through the
     * client, so it takes a permit of the connection's rate limit, counts in its requests and is stopped by the quota guard.
     */
    private void sendOne(List<TargetRecord> records, List<Integer> batch, WriteOutcome[] outcomes, boolean keysSent, Call call) {
        // Ends within MAX_RESENDS + 1 calls: refused() hands back either no record or the call's records less those at fault
        // (at least one), and none once the resends are used up; no call is made with no record left.
        List<Integer> sending = batch;
        int resends = 0;
        while (!sending.isEmpty()) {
            List<SalesforceSaveResult> results;
            try {
                results = call.apply(sending);
            } catch (ConnectorException e) {
                if (e.kind() != Kind.INVALID_REQUEST) {
                    throw e;
                }
                sending = refused(records, sending, outcomes, keysSent, resends < MAX_RESENDS, e);
                resends++;
                continue;
            }
            saved(records, sending, outcomes, results);
            return;
        }
    }

    /**
     * Gives outcomes to the records of a call Salesforce refused whole and returns those to send again in a new call (none
     * when each got its outcome). A JSON_PARSER_ERROR whose quoted value is held by records known for sure
     * ({@link WholeCallRefusal#atFault}) rejects those records and hands back the others; otherwise every record of the call
     * is rejected with the refusal explained. Sending the others again is safe: a call refused whole wrote nothing (the
     * request is refused before any record is saved, whatever allOrNone says), so a resend neither doubles a create nor
     * repeats a write; and it no longer carries the quoted value (every record holding it is taken out), so it cannot fail
     * on that value again. The client sends allOrNone false, so in the new call one record's own error does not undo the
     * others: each still gets its own outcome.
     */
    private List<Integer> refused(List<TargetRecord> records, List<Integer> sending, WriteOutcome[] outcomes, boolean keysSent,
                                  boolean mayResend, ConnectorException e) {
        if (!WholeCallRefusal.unreadableValue(e)) {
            InvalidCallRefusal refusal = InvalidCallRefusal.of(object, sending.stream().map(i -> new InvalidCallRefusal.Sent(
                    records.get(i).origin(), keysSent ? records.get(i).key() : null)).toList(), e);
            for (int n = 0; n < sending.size(); n++) {
                outcomes[sending.get(n)] = WriteOutcome.rejected(records.get(sending.get(n)).origin(), refusal.reason(n));
            }
            return List.of();
        }
        WholeCallRefusal refusal = WholeCallRefusal.of(object, sending.stream().map(i -> new WholeCallRefusal.Sent(
                records.get(i).origin(), body(records.get(i)))).toList(), e.getMessage());
        Set<Integer> atFault = refusal.atFault();
        boolean resend = mayResend && !atFault.isEmpty() && atFault.size() < sending.size();
        List<Integer> again = new ArrayList<>();
        for (int n = 0; n < sending.size(); n++) {
            int i = sending.get(n);
            if (resend && !atFault.contains(n)) {
                again.add(i);
            } else {
                outcomes[i] = WriteOutcome.rejected(records.get(i).origin(), refusal.reason(n, resend));
            }
        }
        return again;
    }

    /** The outcomes of a call Salesforce answered with one result per record, in the order sent. */
    private void saved(List<TargetRecord> records, List<Integer> batch, WriteOutcome[] outcomes, List<SalesforceSaveResult> results) {
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

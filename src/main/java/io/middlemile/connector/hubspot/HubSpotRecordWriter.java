package io.middlemile.connector.hubspot;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.connector.hubspot.HubSpotClient.InlineAssociation;
import io.middlemile.workspace.ObjectConfig;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes one batch of records to one object idempotently and reports one outcome per record.
 *
 * <p>How a record is addressed:
 * <ul>
 *   <li>it carries {@code hs_object_id} (or, without a unique property, a numeric key): batch update by id;</li>
 *   <li>otherwise: batch upsert with {@code idProperty} = the unique property (the object's configured
 *       id when it is not {@code hs_object_id}; {@code email} for contacts), id = its value.</li>
 * </ul>
 * Both are idempotent: replaying a batch after a crash updates the same records again. Batch create
 * is used only for a record a sync creates without a unique value to upsert by (companies and deals,
 * which have no unique property, and contacts without an email: key {@code new:<canonical id>}), since
 * nothing else can address it; the sync links its id at once. A record to create is never matched to an existing one
 * by some other value: a placeholder key means "create" (how a note, one per event, is written).
 *
 * <p>A record to create carries its {@code associations.<object>} fields inline in the create call when the
 * default association type id is known ({@link HubSpotAssociationTypes}, e.g. 202 for note→contact), so the record
 * and its associations exist together or not at all (a note is never left on no contact). {@link Written#associatedOnCreate}
 * names them, so the connector does not set them again after the write.
 *
 * <p>Per-record outcomes: results are matched to inputs by id or unique value; errors naming ids
 * ({@code context.ids}) are matched to those inputs. Inputs left unexplained (HubSpot's validation
 * errors do not say which input they belong to), or a batch rejected whole with 400, are resent one
 * by one so each gets its own outcome: one bad record never sinks its batch.
 */
final class HubSpotRecordWriter {

    private static final Set<String> NEVER_WRITTEN = Set.of("hs_object_id", "createdate", "lastmodifieddate",
            "hs_lastmodifieddate", HubSpotChangeReader.MERGED_IDS_PROPERTY);

    private final String connectionId;
    private final String object;
    private final String uniqueProperty;
    private final boolean keyIsRecordId;
    private final HubSpotClient client;

    HubSpotRecordWriter(String connectionId, String object, String uniqueProperty, HubSpotClient client) {
        this(connectionId, object, uniqueProperty, false, client);
    }

    /** @param keyIsRecordId true when the object is keyed by hs_object_id, so a numeric key is a record id */
    HubSpotRecordWriter(String connectionId, String object, String uniqueProperty, boolean keyIsRecordId, HubSpotClient client) {
        this.keyIsRecordId = keyIsRecordId;
        this.connectionId = connectionId;
        this.object = object;
        this.uniqueProperty = uniqueProperty;
        this.client = client;
    }

    /**
     * The outcome of a write: one outcome per record, in order, and per record index the associated objects whose
     * {@code associations.<object>} field was set with the create (absent: none).
     */
    record Written(List<WriteOutcome> outcomes, Map<Integer, Set<String>> associatedOnCreate) {
    }

    Written write(List<TargetRecord> records) {
        WriteOutcome[] outcomes = new WriteOutcome[records.size()];
        Map<Integer, Set<String>> associatedOnCreate = new TreeMap<>();
        List<Pending> byId = new ArrayList<>();
        List<Pending> byProperty = new ArrayList<>();
        List<Pending> creates = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            TargetRecord record = records.get(i);
            String id = text(record.fields().get("hs_object_id"));
            boolean noUniqueValue = uniqueProperty == null || text(record.fields().get(uniqueProperty)) == null;
            if (id == null && noUniqueValue && (uniqueProperty == null || keyIsRecordId)
                    && record.key() != null && record.key().matches("\\d+")) {
                // A numeric key of an object keyed by hs_object_id is the record id (e.g. a rollback's restore
                // record, which carries only the restored fields).
                id = record.key();
            }
            if (id != null) {
                byId.add(new Pending(i, record, new HubSpotBatchInput(id, null, properties(record))));
                continue;
            }
            String unique = uniqueProperty == null ? null : text(record.fields().get(uniqueProperty));
            if (unique == null && TargetRecord.isPlaceholder(record.key())) {
                // nothing to upsert by (a company, a note, or a contact without an email): create it; the sync links its id
                Map<String, List<InlineAssociation>> inline;
                try {
                    inline = inlineAssociations(record);
                } catch (IllegalArgumentException e) {
                    outcomes[i] = WriteOutcome.rejected(record.origin(), "HubSpot " + object + " record " + record.key() + " (connection '"
                            + connectionId + "'): " + e.getMessage() + ". Nothing was created; fix the mapping of the association field "
                            + "and retry the record.");
                    continue;
                }
                creates.add(new Pending(i, record, new HubSpotBatchInput(record.key(), null, properties(record)),
                        inline.values().stream().flatMap(List::stream).toList(), Set.copyOf(inline.keySet())));
                continue;
            }
            if (unique == null && uniqueProperty != null) {
                unique = blankToNull(record.key());
            }
            if (unique == null) {
                outcomes[i] = WriteOutcome.rejected(record.origin(), "HubSpot " + object + " record has no hs_object_id"
                        + (uniqueProperty == null ? " and the object has no unique property to upsert by; set objects."
                        + object + ".id in the connector file of '" + connectionId + "' to a unique property (e.g. email)"
                        : " and no " + uniqueProperty + " value; it cannot be written without creating duplicates on replay"));
                continue;
            }
            byProperty.add(new Pending(i, record, new HubSpotBatchInput(unique, uniqueProperty, properties(record))));
        }
        for (List<Pending> round : rounds(byId)) {
            send(round, false, outcomes);
        }
        for (List<Pending> round : rounds(byProperty)) {
            send(round, true, outcomes);
        }
        create(creates, outcomes);
        for (Pending p : creates) {
            if (!p.inlineObjects().isEmpty() && outcomes[p.index()].status() == WriteOutcome.Status.WRITTEN) {
                associatedOnCreate.put(p.index(), p.inlineObjects());
            }
        }
        return new Written(List.of(outcomes), associatedOnCreate);
    }

    /**
     * The record's {@code associations.<object>} fields that can go inline in its create, by associated object: those
     * with a known default type id and a value (null leaves associations alone). Throws IllegalArgumentException
     * naming the field when a value holds something other than record ids.
     */
    private Map<String, List<InlineAssociation>> inlineAssociations(TargetRecord record) {
        Map<String, List<InlineAssociation>> inline = new LinkedHashMap<>();
        record.fields().forEach((field, value) -> {
            if (!field.startsWith(ObjectConfig.ASSOCIATIONS_PREFIX) || value == null) {
                return;
            }
            String toObject = field.substring(ObjectConfig.ASSOCIATIONS_PREFIX.length());
            Integer typeId = HubSpotAssociationTypes.defaultTypeId(object, toObject);
            if (typeId == null) {
                return; // set after the write through the v4 default association
            }
            List<String> ids;
            try {
                ids = HubSpotConnector.associatedIds(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + " " + e.getMessage(), e);
            }
            inline.put(toObject, ids.stream().map(id -> new InlineAssociation(id, typeId)).toList());
        });
        return inline;
    }

    /**
     * Creates records in batches. Each input carries its key as objectWriteTraceId, and HubSpot answers in
     * input order; a batch refused whole (400: one invalid record) is resent one by one so each record
     * gets its own outcome.
     */
    private void create(List<Pending> pending, WriteOutcome[] outcomes) {
        for (int from = 0; from < pending.size(); from += HubSpotClient.MAX_BATCH_INPUTS) {
            List<Pending> batch = pending.subList(from, Math.min(pending.size(), from + HubSpotClient.MAX_BATCH_INPUTS));
            HubSpotBatchResult result;
            try {
                result = client.batchCreate(object, batch.stream().map(p -> p.input().properties()).toList(),
                        batch.stream().map(p -> p.input().id()).toList(), batch.stream().map(Pending::associations).toList());
            } catch (ConnectorException e) {
                if (e.kind() != Kind.INVALID_REQUEST) {
                    throw e;
                }
                if (batch.size() > 1) {
                    batch.forEach(p -> create(List.of(p), outcomes));
                } else {
                    outcomes[batch.get(0).index()] = WriteOutcome.rejected(batch.get(0).record().origin(), e.getMessage());
                }
                continue;
            }
            if (result.results().size() != batch.size()) {
                throw new ConnectorException(Kind.INVALID_REQUEST, "HubSpot answered a batch create of " + batch.size() + " " + object
                        + " with " + result.results().size() + " results; check " + object + " in HubSpot for duplicates of this page");
            }
            for (int i = 0; i < batch.size(); i++) {
                outcomes[batch.get(i).index()] = WriteOutcome.written(batch.get(i).record().origin(), result.results().get(i).id());
            }
        }
    }

    /**
     * @param associations  for a create, the associations it is created with
     * @param inlineObjects for a create, the associated objects those cover
     */
    private record Pending(int index, TargetRecord record, HubSpotBatchInput input, List<InlineAssociation> associations,
                           Set<String> inlineObjects) {
        Pending(int index, TargetRecord record, HubSpotBatchInput input) {
            this(index, record, input, List.of(), Set.of());
        }

        String matchKey() {
            return normalize(input.id());
        }
    }

    /** Splits inputs so no batch names the same record twice (HubSpot rejects duplicate ids in one batch). */
    private static List<List<Pending>> rounds(List<Pending> pending) {
        List<List<Pending>> rounds = new ArrayList<>();
        List<Pending> rest = pending;
        while (!rest.isEmpty()) {
            Set<String> seen = new HashSet<>();
            List<Pending> round = new ArrayList<>();
            List<Pending> later = new ArrayList<>();
            for (Pending p : rest) {
                (seen.add(p.matchKey()) ? round : later).add(p);
            }
            rounds.add(round);
            rest = later;
        }
        return rounds;
    }

    private void send(List<Pending> batch, boolean upsert, WriteOutcome[] outcomes) {
        if (batch.isEmpty()) {
            return;
        }
        List<HubSpotBatchInput> inputs = batch.stream().map(Pending::input).toList();
        HubSpotBatchResult result;
        try {
            result = upsert ? client.batchUpsert(object, inputs) : client.batchUpdate(object, inputs);
        } catch (ConnectorException e) {
            if ((e.kind() == Kind.INVALID_REQUEST || e.kind() == Kind.NOT_FOUND) && batch.size() > 1) {
                batch.forEach(p -> send(List.of(p), upsert, outcomes));
                return;
            }
            if (e.kind() == Kind.INVALID_REQUEST || e.kind() == Kind.NOT_FOUND) {
                Pending only = batch.get(0);
                outcomes[only.index()] = WriteOutcome.rejected(only.record().origin(), e.getMessage());
                return;
            }
            throw e;
        }
        Map<String, HubSpotObject> written = new LinkedHashMap<>();
        for (HubSpotObject o : result.results()) {
            written.put(o.id(), o);
            if (upsert && uniqueProperty != null && o.property(uniqueProperty) != null) {
                written.put(normalize(o.property(uniqueProperty)), o);
            }
        }
        Map<String, HubSpotError> failed = new LinkedHashMap<>();
        List<HubSpotError> unattributed = new ArrayList<>();
        for (HubSpotError error : result.errors()) {
            if (error.ids().isEmpty()) {
                unattributed.add(error);
            }
            error.ids().forEach(id -> failed.put(normalize(id), error));
        }
        List<Pending> unexplained = new ArrayList<>();
        for (Pending p : batch) {
            HubSpotObject o = written.get(p.matchKey());
            HubSpotError error = failed.get(p.matchKey());
            if (o != null) {
                outcomes[p.index()] = WriteOutcome.written(p.record().origin(), o.id());
            } else if (error != null) {
                outcomes[p.index()] = WriteOutcome.rejected(p.record().origin(), reason(error));
            } else {
                unexplained.add(p);
            }
        }
        if (unexplained.isEmpty()) {
            return;
        }
        if (batch.size() > 1) {
            unexplained.forEach(p -> send(List.of(p), upsert, outcomes));
            return;
        }
        Pending only = unexplained.get(0);
        outcomes[only.index()] = WriteOutcome.rejected(only.record().origin(), unattributed.isEmpty()
                ? "HubSpot accepted the " + (upsert ? "upsert" : "update") + " of " + object + " " + only.input().id()
                + " but returned no result for it; check the record in HubSpot."
                : unattributed.stream().map(this::reason).reduce((a, b) -> a + "; " + b).orElse(""));
    }

    private String reason(HubSpotError error) {
        return "HubSpot " + object + " rejected the record (" + error.category() + "): " + error.message()
                + ". Fix the value or the mapping and retry the record.";
    }

    private static Map<String, String> properties(TargetRecord record) {
        Map<String, String> properties = new LinkedHashMap<>();
        record.fields().forEach((name, value) -> {
            if (value != null && !name.startsWith("__") && !NEVER_WRITTEN.contains(name)
                    && !name.startsWith(io.middlemile.workspace.ObjectConfig.ASSOCIATIONS_PREFIX)) { // set by HubSpotAssociations
                properties.put(name, value.toString());
            }
        });
        return properties;
    }

    private static String text(Object value) {
        return value == null ? null : blankToNull(value.toString());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** HubSpot compares emails (and other unique values) case-insensitively. */
    private static String normalize(String value) {
        return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
    }
}

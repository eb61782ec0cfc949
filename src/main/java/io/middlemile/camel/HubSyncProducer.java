package io.middlemile.camel;

import io.middlemile.connector.Lookup;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.govern.GovernedWrites;
import io.middlemile.mapping.Mapped;
import io.middlemile.mapping.Mapper;
import io.middlemile.mapping.MappingException;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.SourceRef;
import io.middlemile.store.ShadowStore;
import io.middlemile.sync.Batch;
import io.middlemile.sync.DeletesAndMerges;
import io.middlemile.sync.FieldBase;
import io.middlemile.sync.References;
import io.middlemile.sync.SyncTargets;
import io.middlemile.workspace.ObjectConfig;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Syncs the page's canonical records into the target: follows deletes and merges, links each record
 * to its target record, writes only the fields that changed at the source since the last sync (so a
 * value changed on the other side is not overwritten by a stale one, and the hub's own writes read
 * back as no change), and settles each record with its outcome.
 */
class HubSyncProducer extends DefaultProducer {

    private static final String NEW = "new:";

    private final String connection;
    private final String object;
    private final Mapper mapper;
    private final String matchOn;
    private final DeletesAndMerges.Deletes deletes;
    private final SyncTargets targets;
    private final DeletesAndMerges lifecycles;
    private final ShadowStore shadows;
    private final References references;

    HubSyncProducer(HubSyncEndpoint endpoint, String connection, String object, Mapper mapper, String matchOn,
                    DeletesAndMerges.Deletes deletes, SyncServices services) {
        super(endpoint);
        this.connection = connection;
        this.object = object;
        this.mapper = mapper;
        this.matchOn = matchOn;
        this.deletes = deletes;
        this.targets = services.targets();
        this.lifecycles = services.lifecycles();
        this.shadows = services.shadows();
        this.references = services.references();
    }

    /** A record on its way to the target, with what the three-way comparison found. */
    private record Outgoing(Batch.Item item, UUID canonicalId, Map<String, String> hashes, Set<String> changed, Set<String> unresolved,
                            String notes) {

        /** The write's own reason, then what the mapping noted (a company not synced yet, a value left out). */
        String reason(String outcome) {
            return notes == null ? outcome : outcome == null ? notes : outcome + "; " + notes;
        }
    }

    @Override
    public void process(Exchange exchange) {
        Batch batch = Pages.batch(exchange, getEndpoint().getEndpointUri());
        List<Batch.Item> inFlight = batch.items();
        for (Batch.Item item : inFlight) {
            if (!(item.payload() instanceof CanonicalRecord record)) {
                throw new IllegalStateException(getEndpoint().getEndpointUri() + " expects canonical records;"
                        + " put hub-map:MAPPING?direction=in before it");
            }
            if (record.source().connection().equals(connection)) {
                throw new IllegalStateException(getEndpoint().getEndpointUri() + " would write " + connection
                        + "'s records back to " + connection + "; sync between two different connections");
            }
        }
        if (inFlight.isEmpty()) {
            return;
        }
        String entity = ((CanonicalRecord) inFlight.get(0).payload()).entity().id();
        SourceRef source = inFlight.get(0).ref();
        List<Batch.Item> items = lifecycles.apply(batch, inFlight, entity, connection, object, deletes);
        List<CanonicalRecord> records = items.stream().map(item -> (CanonicalRecord) item.payload()).toList();
        SyncTargets.Resolved resolved = targets.resolve(records, connection, object, matchOn,
                matchOn == null ? null : mapper.outboundField(matchOn), batch.run().connector(connection).capability(Lookup.class));
        Map<UUID, Map<String, String>> base = shadows.load(source.connection(), source.object(), resolved.canonical().values());
        References.Translated translated = references.translate(records, connection, mapper);
        ObjectConfig objectConfig = batch.run().writes().objectConfig(connection, object);
        String idField = objectConfig == null ? null : objectConfig.id();

        List<Outgoing> writing = new ArrayList<>();
        List<TargetRecord> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            CanonicalRecord record = translated.outbound().get(i);
            String unmatchable = resolved.unmatchable().get(record.source());
            if (unmatchable != null) {
                batch.reject(items.get(i), unmatchable);
                continue;
            }
            UUID canonicalId = resolved.canonical().get(record.source());
            String targetId = resolved.target().get(canonicalId);
            Map<String, String> hashes = FieldBase.hashes(translated.neutral().get(i));
            Set<String> changed = FieldBase.changed(hashes, base.get(canonicalId));
            try {
                Mapped<TargetRecord> mapped = mapper.fromCanonical(record);
                Map<String, Object> fields = new LinkedHashMap<>(mapped.record().fields());
                if (targetId != null) {
                    // an update carries only what the source changed; a create carries everything
                    fields.keySet().removeIf(field -> {
                        String canonical = mapper.canonicalOf(field);
                        return canonical != null && !changed.contains(canonical);
                    });
                }
                if (idField != null) {
                    fields.remove(idField);
                }
                if (fields.isEmpty()) {
                    batch.skipped(items.get(i), "unchanged: no mapped field changed in " + source.connection() + " since the last sync");
                    continue;
                }
                if (idField != null && targetId != null) {
                    fields.put(idField, targetId);
                }
                out.add(new TargetRecord(object, targetId != null ? targetId : NEW + canonicalId, fields, record.source(),
                        mapped.record().writes()));
                writing.add(new Outgoing(items.get(i), canonicalId, hashes, changed, translated.unresolved().get(i),
                        notes(translated.notes().get(i), mapped.notes())));
            } catch (MappingException e) {
                batch.reject(items.get(i), e.getMessage());
            }
        }
        List<WriteOutcome> outcomes = batch.run().writes().write(connection, object, out);
        Map<SourceRef, UUID> created = new LinkedHashMap<>();
        Map<UUID, Map<String, String>> agreed = new HashMap<>();
        for (int i = 0; i < writing.size(); i++) {
            WriteOutcome outcome = outcomes.get(i);
            Outgoing sent = writing.get(i);
            if (outcome.status() == WriteOutcome.Status.WRITTEN && out.get(i).key().startsWith(NEW) && outcome.targetId() != null
                    && !outcome.targetId().startsWith(NEW)) {
                created.put(new SourceRef(connection, object, outcome.targetId()), sent.canonicalId());
            }
            switch (outcome.status()) {
                case WRITTEN -> batch.written(sent.item(), sent.reason(outcome.reason()));
                case SKIPPED -> batch.skipped(sent.item(), sent.reason(outcome.reason()));
                case REJECTED -> batch.reject(sent.item(), sent.reason(outcome.reason()));
            }
            if (outcome.status() != WriteOutcome.Status.REJECTED) {
                agreed.put(sent.canonicalId(), agreedFields(sent, outcome.held()));
            }
        }
        targets.created(entity, created);
        if (batch.run().writes().mode() == GovernedWrites.Mode.EXECUTE) {
            // both sides now hold these values: the base of the next comparison in either direction (a plan wrote nothing)
            shadows.save(source.connection(), source.object(), agreed);
            shadows.save(connection, object, agreed);
        }
        batch.retain(List.of());
    }

    private static String notes(String references, List<String> mapping) {
        List<String> all = new ArrayList<>();
        if (references != null) {
            all.add(references);
        }
        all.addAll(mapping);
        return all.isEmpty() ? null : String.join("; ", all);
    }

    /** The changed fields the target took (or already held); fields a write rule or the policy kept back stay unagreed. */
    private Map<String, String> agreedFields(Outgoing sent, Set<String> held) {
        Map<String, String> agreed = new LinkedHashMap<>();
        for (String field : sent.changed()) {
            String providerField = mapper.outboundField(field);
            if (!sent.unresolved().contains(field) && (providerField == null || !held.contains(providerField))) {
                agreed.put(field, sent.hashes().getOrDefault(field, ""));
            }
        }
        return agreed;
    }
}

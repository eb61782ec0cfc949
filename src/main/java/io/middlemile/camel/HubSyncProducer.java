package io.middlemile.camel;

import io.middlemile.connector.Lookup;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.mapping.Mapped;
import io.middlemile.mapping.Mapper;
import io.middlemile.mapping.MappingException;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.SourceRef;
import io.middlemile.sync.Batch;
import io.middlemile.sync.SyncTargets;
import io.middlemile.workspace.ObjectConfig;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Links, maps and writes the page's canonical records to the target; settles each record with its outcome. */
class HubSyncProducer extends DefaultProducer {

    private static final String NEW = "new:";

    private final String connection;
    private final String object;
    private final Mapper mapper;
    private final String matchOn;
    private final SyncTargets targets;

    HubSyncProducer(HubSyncEndpoint endpoint, String connection, String object, Mapper mapper, String matchOn, SyncTargets targets) {
        super(endpoint);
        this.connection = connection;
        this.object = object;
        this.mapper = mapper;
        this.matchOn = matchOn;
        this.targets = targets;
    }

    @Override
    public void process(Exchange exchange) {
        Batch batch = Pages.batch(exchange, getEndpoint().getEndpointUri());
        List<Batch.Item> items = batch.items();
        List<CanonicalRecord> records = new ArrayList<>(items.size());
        for (Batch.Item item : items) {
            if (!(item.payload() instanceof CanonicalRecord record)) {
                throw new IllegalStateException(getEndpoint().getEndpointUri() + " expects canonical records;"
                        + " put hub-map:MAPPING?direction=in before it");
            }
            if (record.source().connection().equals(connection)) {
                throw new IllegalStateException(getEndpoint().getEndpointUri() + " would write " + connection
                        + "'s records back to " + connection + "; sync between two different connections");
            }
            records.add(record);
        }
        SyncTargets.Resolved resolved = targets.resolve(records, connection, object, matchOn,
                matchOn == null ? null : mapper.outboundField(matchOn), batch.run().connector(connection).capability(Lookup.class));
        ObjectConfig objectConfig = batch.run().writes().objectConfig(connection, object);
        String idField = objectConfig == null ? null : objectConfig.id();

        List<Batch.Item> writing = new ArrayList<>();
        List<TargetRecord> out = new ArrayList<>();
        List<UUID> canonicalIds = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            CanonicalRecord record = records.get(i);
            UUID canonicalId = resolved.canonical().get(record.source());
            String targetId = resolved.target().get(canonicalId);
            try {
                Mapped<TargetRecord> mapped = mapper.fromCanonical(record);
                Map<String, Object> fields = new LinkedHashMap<>(mapped.record().fields());
                if (idField != null) {
                    if (targetId == null) {
                        fields.remove(idField);
                    } else {
                        fields.put(idField, targetId);
                    }
                }
                out.add(new TargetRecord(object, targetId != null ? targetId : NEW + canonicalId, fields, record.source(),
                        mapped.record().writes()));
                writing.add(items.get(i));
                canonicalIds.add(canonicalId);
            } catch (MappingException e) {
                batch.reject(items.get(i), e.getMessage());
            }
        }
        List<WriteOutcome> outcomes = batch.run().writes().write(connection, object, out);
        String entity = records.isEmpty() ? null : records.get(0).entity().id();
        Map<SourceRef, UUID> created = new LinkedHashMap<>();
        for (int i = 0; i < writing.size(); i++) {
            WriteOutcome outcome = outcomes.get(i);
            TargetRecord written = out.get(i);
            if (outcome.status() == WriteOutcome.Status.WRITTEN && written.key().startsWith(NEW) && outcome.targetId() != null
                    && !outcome.targetId().startsWith(NEW)) {
                created.put(new SourceRef(connection, object, outcome.targetId()), canonicalIds.get(i));
            }
            switch (outcome.status()) {
                case WRITTEN -> batch.written(writing.get(i), outcome.reason());
                case SKIPPED -> batch.skipped(writing.get(i), outcome.reason());
                case REJECTED -> batch.reject(writing.get(i), outcome.reason());
            }
        }
        targets.created(entity, created);
        batch.retain(List.of());
    }
}

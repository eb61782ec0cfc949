package io.middlemile.camel;

import io.middlemile.mapping.Mapper;
import io.middlemile.model.Target;
import io.middlemile.sync.DeletesAndMerges;
import io.middlemile.sync.SyncServices;
import io.middlemile.sync.SyncDirection;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** Endpoint of {@link HubSyncComponent}. */
public class HubSyncEndpoint extends DefaultEndpoint {

    private final Target target;
    private final SyncServices services;
    private String mapping;
    private String matchOn;
    private DeletesAndMerges.Deletes deletes = DeletesAndMerges.Deletes.ARCHIVE;
    private Mapper mapper;

    HubSyncEndpoint(String uri, HubSyncComponent component, Target target, SyncServices services) {
        super(uri, component);
        this.target = target;
        this.services = services;
    }

    public String getMapping() {
        return mapping;
    }

    /** The mapping that writes the target object (canonical → provider fields). */
    public void setMapping(String mapping) {
        this.mapping = mapping;
    }

    public String getMatchOn() {
        return matchOn;
    }

    /** Canonical field that links unlinked records to existing target records on the first sync, e.g. email. */
    public void setMatchOn(String matchOn) {
        this.matchOn = matchOn;
    }

    public String getDeletes() {
        return deletes.name().toLowerCase();
    }

    /** What a record deleted at the source does to its linked target record: archive (default) or ignore. */
    public void setDeletes(String deletes) {
        this.deletes = switch (deletes == null ? "" : deletes.strip().toLowerCase()) {
            case "archive" -> DeletesAndMerges.Deletes.ARCHIVE;
            case "ignore" -> DeletesAndMerges.Deletes.IGNORE;
            default -> throw new IllegalArgumentException(getEndpointUri() + ": deletes must be archive or ignore, got '" + deletes + "'");
        };
    }

    void mapper(Mapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Producer createProducer() {
        return new HubSyncProducer(this, new SyncDirection(getEndpointUri(), target, mapper, matchOn, deletes, services));
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("hub-sync is a step (to:), not a route start");
    }
}

package io.middlemile.camel;

import io.middlemile.mapping.Mapper;
import io.middlemile.sync.SyncTargets;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** Endpoint of {@link HubSyncComponent}. */
public class HubSyncEndpoint extends DefaultEndpoint {

    private final String connection;
    private final String object;
    private final SyncTargets targets;
    private String mapping;
    private String matchOn;
    private Mapper mapper;

    HubSyncEndpoint(String uri, HubSyncComponent component, String connection, String object, SyncTargets targets) {
        super(uri, component);
        this.connection = connection;
        this.object = object;
        this.targets = targets;
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

    void mapper(Mapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Producer createProducer() {
        return new HubSyncProducer(this, connection, object, mapper, matchOn, targets);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("hub-sync is a step (to:), not a route start");
    }
}

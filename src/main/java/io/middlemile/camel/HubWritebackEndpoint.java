package io.middlemile.camel;

import io.middlemile.outreach.EventWriteback;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** Endpoint of {@link HubWritebackComponent}. */
public class HubWritebackEndpoint extends DefaultEndpoint {

    private final EventWriteback writeback;
    private final String connection;

    HubWritebackEndpoint(String uri, HubWritebackComponent component, EventWriteback writeback, String connection) {
        super(uri, component);
        this.writeback = writeback;
        this.connection = connection;
    }

    @Override
    public Producer createProducer() {
        return new HubWritebackProducer(this, writeback, connection);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("hub-writeback is a step (to:), not a route start");
    }
}

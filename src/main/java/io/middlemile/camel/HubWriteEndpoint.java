package io.middlemile.camel;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** Endpoint of {@link HubWriteComponent}. */
public class HubWriteEndpoint extends DefaultEndpoint {

    private final String connection;
    private final String object;

    HubWriteEndpoint(String uri, HubWriteComponent component, String connection, String object) {
        super(uri, component);
        this.connection = connection;
        this.object = object;
    }

    @Override
    public Producer createProducer() {
        return new HubWriteProducer(this, connection, object);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("hub-write is a step (to:), not a route start; read with hub-read");
    }
}

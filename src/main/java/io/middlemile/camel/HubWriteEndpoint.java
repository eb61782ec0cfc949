package io.middlemile.camel;

import io.middlemile.model.Target;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** Endpoint of {@link HubWriteComponent}. */
public class HubWriteEndpoint extends DefaultEndpoint {

    private final Target target;

    HubWriteEndpoint(String uri, HubWriteComponent component, Target target) {
        super(uri, component);
        this.target = target;
    }

    @Override
    public Producer createProducer() {
        return new HubWriteProducer(this, target);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("hub-write is a step (to:), not a route start; read with hub-read");
    }
}

package io.middlemile.camel;

import io.middlemile.quality.CleanUp;
import io.middlemile.workspace.HygieneConfig;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** Endpoint of {@link HubCleanComponent}. */
public class HubCleanEndpoint extends DefaultEndpoint {

    private final String name;
    private final HygieneConfig config;
    private final CleanUp cleanUp;

    HubCleanEndpoint(String uri, HubCleanComponent component, String name, HygieneConfig config, CleanUp cleanUp) {
        super(uri, component);
        this.name = name;
        this.config = config;
        this.cleanUp = cleanUp;
    }

    @Override
    public Producer createProducer() {
        return new HubCleanProducer(this, name, config, cleanUp);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("hub-clean is a step (to:), not a route start");
    }
}

package io.middlemile.camel;

import io.middlemile.mapping.Mapper;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** Endpoint of {@link HubMapComponent}. */
public class HubMapEndpoint extends DefaultEndpoint {

    private final Mapper mapper;
    private String direction;

    HubMapEndpoint(String uri, HubMapComponent component, Mapper mapper) {
        super(uri, component);
        this.mapper = mapper;
    }

    public String getDirection() {
        return direction;
    }

    /** {@code in}: provider record to canonical; {@code out}: canonical to provider record. */
    public void setDirection(String direction) {
        if (!"in".equals(direction) && !"out".equals(direction)) {
            throw new IllegalArgumentException("hub-map direction must be in or out, got " + direction);
        }
        this.direction = direction;
    }

    @Override
    public Producer createProducer() {
        return new HubMapProducer(this, mapper, "in".equals(direction), ((HubMapComponent) getComponent()).feed());
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("hub-map is a step (to:), not a route start");
    }
}

package io.middlemile.camel;

import io.middlemile.enrich.EnrichmentRuns;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** Endpoint of {@link HubEnrichComponent}. */
public class HubEnrichEndpoint extends DefaultEndpoint {

    private final String waterfall;
    private final EnrichmentRuns runs;

    HubEnrichEndpoint(String uri, HubEnrichComponent component, String waterfall, EnrichmentRuns runs) {
        super(uri, component);
        this.waterfall = waterfall;
        this.runs = runs;
    }

    @Override
    public Producer createProducer() {
        return new HubEnrichProducer(this, waterfall, runs);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("hub-enrich is a step (to:), not a route start");
    }
}

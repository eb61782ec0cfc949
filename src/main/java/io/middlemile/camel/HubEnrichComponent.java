package io.middlemile.camel;

import io.middlemile.enrich.EnrichmentRuns;
import io.middlemile.workspace.HubEndpoint;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/**
 * {@code hub-enrich:WATERFALL} runs a waterfall of {@code enrich/} over every canonical record of the page, so a
 * route reads: read → map → enrich → map → write. What it finds fills the records' empty fields, with provenance;
 * credits are spent through the governed pipeline; records a provider has not answered yet go on without those
 * values and are reported pending.
 */
public class HubEnrichComponent extends DefaultComponent {

    private final EnrichmentRuns runs;

    public HubEnrichComponent(EnrichmentRuns runs) {
        this.runs = runs;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        HubEndpoint parsed = HubEndpoint.require(HubEndpoint.Kind.ENRICH, uri);
        if (!runs.has(parsed.mapping())) {
            throw new IllegalArgumentException("Unknown waterfall \"" + parsed.mapping() + "\" in " + uri + "; waterfalls are "
                    + runs.names() + " (files in enrich/)");
        }
        HubEnrichEndpoint endpoint = new HubEnrichEndpoint(uri, this, parsed.mapping(), runs);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}

package io.middlemile.camel;

import io.middlemile.outreach.OutreachRuns;
import io.middlemile.workspace.HubEndpoint;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;

import java.util.Map;

/**
 * {@code hub-enrol:OUTREACH} sends the page's people out through {@code outreach/OUTREACH.yaml}: suppression, the
 * LinkedIn accounts' caps and windows, then each send as a governed {@code SEND} (policy, caps, journal) to Instantly
 * and Unipile. It settles every record itself (sent, not sent and why, refused), so it ends a route.
 */
public class HubEnrolComponent extends DefaultComponent {

    private final OutreachRuns runs;

    public HubEnrolComponent(OutreachRuns runs) {
        this.runs = runs;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        HubEndpoint parsed = HubEndpoint.require(HubEndpoint.Kind.ENROL, uri);
        if (!runs.has(parsed.mapping())) {
            throw new IllegalArgumentException("Unknown outreach \"" + parsed.mapping() + "\" in " + uri + "; outreach files are "
                    + runs.names() + " (files in outreach/)");
        }
        return new Step(uri, this, parsed.mapping());
    }

    /** The endpoint: a step (to:), never a route start. */
    class Step extends DefaultEndpoint {

        private final String outreach;

        Step(String uri, HubEnrolComponent component, String outreach) {
            super(uri, component);
            this.outreach = outreach;
        }

        @Override
        public Producer createProducer() {
            return new HubEnrolProducer(this, outreach, runs);
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            throw new UnsupportedOperationException("hub-enrol is a step (to:), not a route start");
        }
    }
}

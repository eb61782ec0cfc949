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
 * {@code hub-interest:OUTREACH} sends the CRM's view of the page's people back to their Instantly campaign: each
 * record's value of {@code email.interest.field} in {@code outreach/OUTREACH.yaml} becomes the lead's interest status
 * (a deal won: "won"), as a governed {@code SEND} (policy, caps, journal). It settles every record itself (updated,
 * skipped and why, refused), so it ends a route.
 */
public class HubInterestComponent extends DefaultComponent {

    private final OutreachRuns runs;

    public HubInterestComponent(OutreachRuns runs) {
        this.runs = runs;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        HubEndpoint parsed = HubEndpoint.require(HubEndpoint.Kind.INTEREST, uri);
        if (!runs.has(parsed.mapping())) {
            throw new IllegalArgumentException("Unknown outreach \"" + parsed.mapping() + "\" in " + uri + "; outreach files are "
                    + runs.names() + " (files in outreach/)");
        }
        if (!runs.setsInterest(parsed.mapping())) {
            throw new IllegalArgumentException(uri + ": outreach/" + parsed.mapping() + ".yaml has no email.interest table; add one, e.g."
                    + " email: interest: {field: leadStatus, values: {CONNECTED: interested}}");
        }
        return new Step(uri, this, parsed.mapping());
    }

    /** The endpoint: a step (to:), never a route start. */
    class Step extends DefaultEndpoint {

        private final String outreach;

        Step(String uri, HubInterestComponent component, String outreach) {
            super(uri, component);
            this.outreach = outreach;
        }

        @Override
        public Producer createProducer() {
            return new HubInterestProducer(this, outreach, runs);
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            throw new UnsupportedOperationException("hub-interest is a step (to:), not a route start");
        }
    }
}

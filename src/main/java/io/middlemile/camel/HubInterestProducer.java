package io.middlemile.camel;

import io.middlemile.connector.Outreach;
import io.middlemile.govern.GovernedWrites;
import io.middlemile.outreach.InterestUpdates;
import io.middlemile.outreach.OutreachRuns;
import io.middlemile.sync.Batch;
import io.middlemile.sync.RunContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * Runs the page's canonical people through the job run's {@link InterestUpdates} and settles each: written when the
 * interest was set, rejected when Instantly refused it, skipped with the reason otherwise (not enrolled, unchanged, no
 * status for its value, parked for review).
 */
class HubInterestProducer extends DefaultProducer {

    private final String outreach;
    private final OutreachRuns runs;

    HubInterestProducer(Endpoint endpoint, String outreach, OutreachRuns runs) {
        super(endpoint);
        this.outreach = outreach;
        this.runs = runs;
    }

    @Override
    public void process(Exchange exchange) {
        String step = getEndpoint().getEndpointUri();
        Batch batch = Pages.batch(exchange, step);
        RunContext context = batch.run();
        GovernedWrites writes = context.writes();
        boolean planning = writes != null && writes.mode() == GovernedWrites.Mode.PLAN;
        InterestUpdates updates = runs.interest(outreach, context.run(), connection -> context.connector(connection)
                .capability(Outreach.class).orElseThrow(() -> new IllegalStateException("Connection " + connection + " cannot set an"
                        + " interest status (it is not Instantly); check email.connection of outreach/" + outreach + ".yaml")),
                planning ? writes : null);
        OutreachPages.settle(batch, updates.update(OutreachPages.people(batch, step)));
    }
}

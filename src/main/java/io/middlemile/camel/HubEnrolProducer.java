package io.middlemile.camel;

import io.middlemile.connector.Outreach;
import io.middlemile.govern.GovernedWrites;
import io.middlemile.outreach.OutreachRun;
import io.middlemile.outreach.OutreachRuns;
import io.middlemile.sync.Batch;
import io.middlemile.sync.RunContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

import java.util.List;

/**
 * Runs the page's canonical people through the job run's {@link OutreachRun} and settles each: written when it went
 * out on some channel, rejected when every channel it was tried on refused it (a retry can send it once fixed), skipped
 * with the reason otherwise (suppressed, deferred, already sent, parked for review).
 */
class HubEnrolProducer extends DefaultProducer {

    private final String outreach;
    private final OutreachRuns runs;

    HubEnrolProducer(Endpoint endpoint, String outreach, OutreachRuns runs) {
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
        OutreachRun run = runs.of(outreach, context.run(), connection -> context.connector(connection).capability(Outreach.class)
                .orElseThrow(() -> new IllegalStateException("Connection " + connection + " cannot send (it is not Instantly or Unipile);"
                        + " check the connections of outreach/" + outreach + ".yaml")), planning ? writes : null);
        // the page's enrolments are answered and recorded beside the next pages' routes; the page commits once they are
        OutreachRun.Page page = run.enrolPage(OutreachPages.people(batch, step));
        List<Batch.Item> people = batch.items();
        batch.settleWhen(people, page.results(), (settling, results) -> OutreachPages.settle(settling, people, results));
    }
}

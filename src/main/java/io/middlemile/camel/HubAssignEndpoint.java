package io.middlemile.camel;

import io.middlemile.assign.LeadAssignments;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

import java.nio.file.Path;
import java.time.Clock;

/** Endpoint of {@link HubAssignComponent}. */
public class HubAssignEndpoint extends DefaultEndpoint {

    private final String ruleSet;
    private final LeadAssignments assignments;
    private final String accounts;
    private final Path workspaceRoot;
    private final Clock clock;

    HubAssignEndpoint(String uri, HubAssignComponent component, String ruleSet, LeadAssignments assignments, String accounts,
                      Path workspaceRoot, Clock clock) {
        super(uri, component);
        this.ruleSet = ruleSet;
        this.assignments = assignments;
        this.accounts = accounts;
        this.workspaceRoot = workspaceRoot;
        this.clock = clock;
    }

    @Override
    public Producer createProducer() {
        return new HubAssignProducer(this, ruleSet, assignments, accounts, workspaceRoot, clock);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("hub-assign is a step (to:), not a route start");
    }
}

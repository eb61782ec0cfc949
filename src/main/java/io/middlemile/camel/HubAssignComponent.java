package io.middlemile.camel;

import io.middlemile.assign.LeadAssignments;
import io.middlemile.workspace.HubEndpoint;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * {@code hub-assign:RULESET} gives every lead of the page an owner by {@code assign/RULESET.yaml}, so a route reads:
 * read → map in → assign → map out → write. It sets the canonical {@code ownerEmail} and, when the owner has a CRM id,
 * {@code ownerId}, which the outbound mapping writes through the governed pipeline (a CRM's owner field takes the id), and
 * each write's journal entry says which rule chose the owner and why.
 * {@code accounts=FILE.csv} (relative to the workspace, header {@code id,owner,domain,name}) gives the existing
 * accounts its {@code accountOwner} rules match.
 */
public class HubAssignComponent extends DefaultComponent {

    private final LeadAssignments assignments;
    private final Path workspaceRoot;
    private final Clock clock;

    public HubAssignComponent(LeadAssignments assignments, Path workspaceRoot, Clock clock) {
        this.assignments = assignments;
        this.workspaceRoot = workspaceRoot;
        this.clock = clock;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        HubEndpoint parsed = HubEndpoint.require(HubEndpoint.Kind.ASSIGN, uri);
        if (!assignments.has(parsed.mapping())) {
            throw new IllegalArgumentException("Unknown assignment rule set \"" + parsed.mapping() + "\" in " + uri + "; rule sets are "
                    + assignments.names() + " (files in assign/)");
        }
        Object accounts = parameters.remove("accounts");
        HubAssignEndpoint endpoint = new HubAssignEndpoint(uri, this, parsed.mapping(), assignments,
                accounts == null ? null : accounts.toString(), workspaceRoot, clock);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}

package io.middlemile.camel;

import io.middlemile.assign.Account;
import io.middlemile.assign.AccountsCsv;
import io.middlemile.assign.Lead;
import io.middlemile.assign.LeadAssignments;
import io.middlemile.assign.LeadAssignments.Assigned;
import io.middlemile.govern.GovernedWrites;
import io.middlemile.mapping.Mapped;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.Provenance;
import io.middlemile.model.SourceRef;
import io.middlemile.store.AssignmentStore;
import io.middlemile.sync.Batch;
import io.middlemile.sync.Reassignment;
import io.middlemile.sync.RunContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assigns the page's leads through {@link LeadAssignments} and sets each one's {@code ownerEmail}. A lead whose source
 * gave it an owner already keeps that owner and is not assigned. The decision travels with the record as its reason,
 * so the governed write journals it; a lead no rule took is written without an owner, with a note saying why.
 */
class HubAssignProducer extends DefaultProducer {

    private static final Logger LOG = LoggerFactory.getLogger(HubAssignProducer.class);

    private static final String OWNER = "ownerEmail";

    private final String ruleSet;
    private final LeadAssignments assignments;
    private final String accounts;
    private final Path workspaceRoot;
    private final Clock clock;

    HubAssignProducer(HubAssignEndpoint endpoint, String ruleSet, LeadAssignments assignments, String accounts, Path workspaceRoot,
                      Clock clock) {
        super(endpoint);
        this.ruleSet = ruleSet;
        this.assignments = assignments;
        this.accounts = accounts;
        this.workspaceRoot = workspaceRoot;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        String step = getEndpoint().getEndpointUri();
        Batch batch = Pages.batch(exchange, step);
        RunContext context = batch.run();
        boolean planning = context.writes() != null && context.writes().mode() == GovernedWrites.Mode.PLAN;
        // assign reassign: the departed owner's leads take the rules again, though the source names their (departed) owner
        Reassignment moving = context.reassignment() != null && context.reassignment().ruleSet().equals(ruleSet)
                ? context.reassignment() : null;
        String departedEmail = moving == null ? null : assignments.ownerEmail(ruleSet, moving.from());
        Map<SourceRef, Lead> leads = new LinkedHashMap<>();
        for (Batch.Item item : batch.items()) {
            if (!(item.payload() instanceof CanonicalRecord record) || record.entity() != Entity.PERSON) {
                throw new IllegalStateException(step + " expects canonical people (leads); put a hub-map with direction=in and a person"
                        + " mapping before it");
            }
            String owner = record.string(OWNER);
            boolean departed = moving != null && moving.leads().contains(item.ref())
                    && (blank(owner) || owner.equalsIgnoreCase(departedEmail));
            if (blank(owner) || departed) {
                leads.putIfAbsent(item.ref(), Lead.of(record));
            }
        }
        if (leads.isEmpty()) {
            return;
        }
        // read every page: under `middlemile run` an edited export is picked up by the next run without a restart
        List<Account> known = accounts == null ? List.of() : AccountsCsv.read(workspaceRoot.resolve(accounts), accounts);
        LeadAssignments.Page page = moving == null
                ? assignments.assign(ruleSet, context.run().id(), context.run().job(), leads, known, planning)
                : assignments.reassign(ruleSet, context.run().id(), context.run().job(), leads, known, planning, moving.from());
        if (page.recorded() != null) {
            // recorded now, under the rotation lock, so capacities bind across processes; the owners are written by later
            // steps of this page: if the page fails (the kill switch, a cap, a failed write), they never were, so the store
            // goes back to what it said, and a run again, or a reassign again, finds the leads as they were
            exchange.getExchangeExtension().addOnCompletion(new ForgetWhenUnwritten(page, context.run().id()));
        }
        Map<SourceRef, Assigned> assigned = page.leads();
        if (planning && moving == null) {
            // applying the plan records them, so the next run keeps these owners (a reassign's plan is not applied: see
            // assign reassign --plan)
            context.writes().planAssignments(page.made());
        }
        Provenance provenance = new Provenance("assign:" + ruleSet, clock.instant());
        batch.map(IllegalArgumentException.class, item -> {
            CanonicalRecord record = (CanonicalRecord) item.payload();
            Assigned assignment = assigned.get(item.ref());
            if (assignment == null) {
                return new Mapped<>(record, List.of());
            }
            if (assignment.owner() == null) {
                return new Mapped<>(record, List.of("no owner: " + assignment.reason()));
            }
            if (assignment.ownerEmail() == null) {
                return new Mapped<>(record, List.of("assigned to " + assignment.owner() + ", who has no email in the owner list of"
                        + " assign/" + ruleSet + ".yaml, so ownerEmail is left empty; add the email there"));
            }
            return new Mapped<>(record.with(OWNER, assignment.ownerEmail(), provenance), List.of());
        });
        batch.explain(item -> {
            Assigned assignment = assigned.get(item.ref());
            return assignment == null || assignment.owner() == null ? null : assignment.reason();
        });
    }

    /** Takes a page's assignments back when the page fails after they were recorded. */
    private final class ForgetWhenUnwritten extends SynchronizationAdapter {

        private final LeadAssignments.Page page;
        private final long runId;

        ForgetWhenUnwritten(LeadAssignments.Page page, long runId) {
            this.page = page;
            this.runId = runId;
        }

        @Override
        public void onFailure(Exchange exchange) {
            try {
                AssignmentStore.Forgotten forgotten = assignments.forget(page);
                LOG.info("Run {} stopped before writing a page's owners: assign/{}.yaml took back {} assignment(s) and gave {} back to"
                        + " the owner they were moving from", runId, ruleSet, forgotten.deleted(), forgotten.reopened());
            } catch (RuntimeException e) {
                LOG.error("Run {} stopped before writing a page's owners, and the owner assignments recorded for that page could not"
                        + " be taken back ({}). The store now gives these leads owners the target does not show: {}. Either run the"
                        + " job again (it writes those owners) or `middlemile rollback {}` (it takes back the run's assignments and"
                        + " writes).", runId, e.getMessage(), page.recorded().given().stream().map(SourceRef::sourceId).limit(10).toList(),
                        runId, e);
            }
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}

package io.middlemile.camel;

import io.middlemile.assign.Account;
import io.middlemile.assign.AccountsCsv;
import io.middlemile.assign.Lead;
import io.middlemile.assign.LeadAssignments;
import io.middlemile.assign.LeadAssignments.Assigned;
import io.middlemile.assign.Owner;
import io.middlemile.connector.salesforce.SalesforceIds;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assigns the page's leads through {@link LeadAssignments} and sets each one's {@code ownerEmail} and {@code ownerId} (the
 * owner's CRM id, which a HubSpot or Salesforce mapping writes to hubspot_owner_id or OwnerId). A lead whose source gave it
 * an owner already (either field mapped in) keeps that owner and is not assigned. The decision travels with the record as its
 * reason, so the governed write journals it; a lead no rule took is written without an owner, with a note saying why.
 */
class HubAssignProducer extends DefaultProducer {

    private static final Logger LOG = LoggerFactory.getLogger(HubAssignProducer.class);

    private static final String OWNER = "ownerEmail";
    private static final String OWNER_ID = "ownerId";

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
        Owner departedOwner = moving == null ? null : assignments.owner(ruleSet, moving.from()).orElse(null);
        // what each lead to move was given: the owner list may hold another address for the departed owner since
        Map<SourceRef, AssignmentStore.Assignment> given = moving == null ? Map.of() : assignments.open(ruleSet,
                batch.items().stream().map(Batch.Item::ref).filter(moving.leads()::contains).toList());
        Map<SourceRef, Lead> leads = new LinkedHashMap<>();
        for (Batch.Item item : batch.items()) {
            if (!(item.payload() instanceof CanonicalRecord record) || record.entity() != Entity.PERSON) {
                throw new IllegalStateException(step + " expects canonical people (leads); put a hub-map with direction=in and a person"
                        + " mapping before it");
            }
            String email = record.string(OWNER);
            String id = record.string(OWNER_ID);
            boolean owned = Lead.of(record).currentOwner() != null;
            // a lead moves only while it still carries the departed owner, by email or by CRM id (a CRM record holds the
            // id; a Salesforce Id in either form, 15 or 18 characters), as the owner list has them or as the lead was given
            // them; one the source shows with someone else was given to another rep since and stays theirs
            AssignmentStore.Assignment was = given.get(item.ref());
            boolean theirs = was != null && moving.from().equals(was.owner());
            boolean departed = moving != null && moving.leads().contains(item.ref())
                    && (blank(email) || departedOwner != null && email.equalsIgnoreCase(departedOwner.email())
                    || theirs && email.equalsIgnoreCase(was.ownerEmail()))
                    && (blank(id) || departedOwner != null && SalesforceIds.same(id, departedOwner.crmId())
                    || theirs && SalesforceIds.same(id, was.ownerCrmId()));
            if (!owned || departed) {
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
            // steps of this page, and by its sinks' flush and its commit after the route: if any of these fails, or the run
            // ends without publishing its file target, they never were written, so the store goes back to what it said, and
            // a run again, or a reassign again, finds the leads as they were
            TakenBack run = context.onStop("hub-assign:" + ruleSet, () -> new TakenBack(context.run().id()));
            run.assigned(page);
            batch.onUncommitted(() -> run.forget(page));
        }
        Map<SourceRef, Assigned> assigned = page.leads();
        if (planning && moving == null) {
            // applying the plan records them, so the next run keeps these owners (a reassign's plan is not applied: see
            // assign reassign --plan)
            context.writes().planAssignments(page.made());
        }
        // a person may have given a lead to someone else in the target since: the write keeps their choice (it knows it by the
        // owner the hub last wrote there) and tells this step, which makes the lead that owner's in the store
        context.onStop("hub-assign-kept:" + ruleSet, () -> {
            long runId = context.run().id();
            String job = context.run().job();
            context.writes().onKeptInTarget(kept -> assignments.changedInTarget(ruleSet, runId, job, kept.lead(), kept.value(),
                    String.format("a person changed %s in %s/%s to %s since Middlemile wrote %s there (run %d kept it)", kept.field(),
                            kept.connection(), kept.object(), kept.value(), kept.ours(), runId))
                    .ifPresent(owner -> LOG.info("Run {}: lead {} is {}'s in assign/{}.yaml now: a person changed {} in {} to {}",
                            runId, kept.lead().sourceId(), owner, ruleSet, kept.field(), kept.connection(), kept.value())));
            return unpublished -> null;
        });
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
            if (assignment.ownerEmail() == null && assignment.ownerId() == null) {
                return new Mapped<>(record, List.of("assigned to " + assignment.owner() + ", who has no email in the owner list of"
                        + " assign/" + ruleSet + ".yaml, so ownerEmail is left empty; add the email there"));
            }
            // what the hub last wrote to the target's owner field: the kept owner itself, or for a reassign the departed owner;
            // the write keeps a different owner found there (a person's change) instead of writing over it
            // (as the lead was given them, when the owner list holds another address or id for the departed owner since)
            boolean moved = !assignment.kept() && moving != null && departedOwner != null && moving.leads().contains(item.ref());
            AssignmentStore.Assignment was = moved ? given.get(item.ref()) : null;
            String emailWritten = assignment.kept() ? assignment.ownerEmail() : moved ? blankToNull(was != null && was.ownerEmail() != null
                    ? was.ownerEmail() : departedOwner.email()) : null;
            String idWritten = assignment.kept() ? assignment.ownerId() : moved ? blankToNull(was != null && was.ownerCrmId() != null
                    ? was.ownerCrmId() : departedOwner.crmId()) : null;
            CanonicalRecord owned = assignment.ownerEmail() == null ? record
                    : record.with(OWNER, assignment.ownerEmail(), provenance, emailWritten);
            // ownerId only when the owner has a CRM id; validate refuses a job whose mapping writes ownerId while an owner lacks one
            return new Mapped<>(assignment.ownerId() == null ? owned : owned.with(OWNER_ID, assignment.ownerId(), provenance, idWritten),
                    List.of());
        });
        batch.explain(item -> {
            Assigned assignment = assigned.get(item.ref());
            return assignment == null || assignment.owner() == null ? null : assignment.reason();
        });
    }

    /**
     * One run's assignments under this step's rule set, for when the run stops: the pages it did not commit are taken back
     * one by one as they are reported ({@link Batch#onUncommitted}), and the whole run's when its file target never took
     * its writes; the run's message then says what was taken back.
     */
    private final class TakenBack implements RunContext.OnStop {

        private final long runId;
        /** The rotation before this run's first page here, and after its last page not taken back (null before any page). */
        private Map<String, Map<String, Long>> rotationBefore;
        private Map<String, Map<String, Long>> rotationAfter;
        private int deleted;
        private int reopened;
        /** Leads whose assignments could not be taken back, for the run's message; the log has the failures. */
        private final List<String> stuck = new ArrayList<>();
        private String stuckBecause;

        TakenBack(long runId) {
            this.runId = runId;
        }

        void assigned(LeadAssignments.Page page) {
            if (rotationBefore == null) {
                rotationBefore = page.recorded().rotationBefore();
            }
            rotationAfter = page.recorded().rotationAfter();
        }

        /** A page that was not committed: its assignments go, and the rotation goes back to where the page found it. */
        void forget(LeadAssignments.Page page) {
            LeadAssignments.Recorded recorded = page.recorded();
            try {
                count(assignments.forget(page));
            } catch (RuntimeException e) {
                LOG.error("Run {}: assign/{}.yaml could not take back the owners it gave {} lead(s) of a page that was not committed: {}",
                        runId, ruleSet, recorded.given().size(), e.getMessage(), e);
                stuck(recorded.given(), e);
                return;
            }
            if (recorded.rotationAfter().equals(rotationAfter)) {
                rotationAfter = recorded.rotationBefore(); // the page before it is now the run's last
            }
        }

        @Override
        public String stopped(boolean unpublished) {
            if (unpublished) {
                // the file never took the committed pages' owners either: the whole run's go, pages of an earlier attempt included
                try {
                    count(assignments.forgetRun(ruleSet, runId, rotationBefore, rotationAfter));
                    stuck.clear();
                } catch (RuntimeException e) {
                    LOG.error("Run {}: assign/{}.yaml could not take back the owners the run gave, which its file target never took: {}",
                            runId, ruleSet, e.getMessage(), e);
                    return String.format("Owners NOT taken back: the file target never took run %d's writes, but assign/%s.yaml"
                                    + " could not take back the owners the run gave (%s), so the store gives leads owners the file does"
                                    + " not show and counts them against each owner's leads per day. Either run the job again (it"
                                    + " writes those owners) or `middlemile rollback %d` (it takes back the run's owners and writes).",
                            runId, ruleSet, e.getMessage(), runId);
                }
            }
            StringBuilder said = new StringBuilder();
            if (deleted > 0 || reopened > 0) {
                LOG.info("Run {}: assign/{}.yaml took back {} assignment(s) whose owners were never written and gave {} back to the"
                        + " owner they were moving from", runId, ruleSet, deleted, reopened);
                said.append(String.format("Owners taken back: assign/%s.yaml took back the owners it gave %s in run %d, whose"
                                + " writes did not complete (%s), so the store no longer holds them or counts them against anyone's"
                                + " leads%s: running it again assigns them as this run would have.", ruleSet, leads(deleted), runId,
                        unpublished ? "the file target takes a run's writes only when the run ends, and this run ended without that"
                                : "the pages they were on were not committed",
                        reopened == 0 ? "" : String.format(", and %s are with the owner they were moving from again", leads(reopened))));
            }
            if (!stuck.isEmpty()) {
                said.append(said.isEmpty() ? "" : " ").append(String.format("Owners NOT taken back: assign/%s.yaml could not take back"
                                + " the owners it gave %s whose writes did not happen (%s), so the store gives them owners the target"
                                + " does not show (%s%s). Either run the job again (it writes those owners) or `middlemile rollback %d`"
                                + " (it takes back the run's owners and writes).", ruleSet, leads(stuck.size()), stuckBecause,
                        String.join(", ", stuck.subList(0, Math.min(10, stuck.size()))), stuck.size() > 10 ? ", ..." : "", runId));
            }
            return said.isEmpty() ? null : said.toString();
        }

        private void count(AssignmentStore.Forgotten forgotten) {
            deleted += forgotten.deleted();
            reopened += forgotten.reopened();
        }

        private void stuck(List<SourceRef> leads, RuntimeException e) {
            leads.forEach(lead -> stuck.add(lead.sourceId()));
            stuckBecause = e.getMessage();
        }
    }

    private static String leads(int count) {
        return count == 1 ? "1 lead" : count + " leads";
    }

    private static String blankToNull(String value) {
        return blank(value) ? null : value.strip();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}

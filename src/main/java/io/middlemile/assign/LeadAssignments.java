package io.middlemile.assign;

import io.middlemile.model.SourceRef;
import io.middlemile.store.AssignmentStore;
import io.middlemile.store.RotationStore;
import io.middlemile.workspace.AssignConfig;
import io.middlemile.workspace.Workspace;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Assigns the leads of a job's page with a rule set, continuing the stored rotation and counting the stored
 * workloads, and records each assignment: what {@code hub-assign:NAME} runs. The rule set's rotation row is locked
 * for the page, so engine processes sharing the store take turns and capacities bind across runs and processes.
 * A lead with an open assignment keeps its owner (a CSV export is read whole every run; the lead must not take a
 * new turn each time). Thread-safe; the store serializes pages of one rule set.
 *
 * <p>A page's assignments are recorded as it is assigned, under that lock, so capacities bind before its owners are
 * written; when the page is then not committed (the kill switch, a cap, a failed write, flush or commit stopped the run),
 * the caller takes them back with {@link #forget}, so for the page's leads the store says again what it said before, and a
 * run whose file target never took its writes with {@link #forgetRun}.
 */
public final class LeadAssignments {

    /**
     * What became of one lead.
     *
     * @param owner      the owner id, or null when no rule took the lead
     * @param ownerEmail what the lead's {@code ownerEmail} is set to, or null (no owner, or an owner without an email)
     * @param ownerId    what the lead's {@code ownerId} is set to: the owner's CRM id (a CRM user's own id, or the
     *                   {@code crmId} of a listed owner), or null (no owner, or a listed owner without one)
     * @param reason     the decision on one line, for the journal ("assign/leads.yaml gave sam: rule ... fired: ...")
     * @param kept       true when the lead kept the owner an earlier run gave it
     */
    public record Assigned(String owner, String ownerEmail, String ownerId, String reason, boolean kept) {
    }

    /**
     * A page's assignments: what became of each lead, and the assignments made (recorded in the store, or in a plan
     * kept by the caller for when the plan is applied).
     *
     * @param recorded what the page changed in the store, for {@link #forget} when its writes never happen; null when it
     *                 changed nothing that stays (a plan, a {@link #decide})
     */
    public record Page(Map<SourceRef, Assigned> leads, List<AssignmentStore.Assignment> made, Recorded recorded) {
    }

    /**
     * What one page of a run left in the store: the leads it gave an owner, the leads whose assignment it closed (a
     * reassign moving them from the departed owner), and the rotation before and after its turns.
     */
    public record Recorded(String ruleSet, long runId, List<SourceRef> given, List<SourceRef> moved,
                           Map<String, Map<String, Long>> rotationBefore, Map<String, Map<String, Long>> rotationAfter) {
    }

    private final Workspace workspace;
    private final RotationStore rotations;
    private final AssignmentStore store;
    private final OwnerSources owners;
    private final Clock clock;

    public LeadAssignments(Workspace workspace, RotationStore rotations, AssignmentStore store, OwnerSources owners, Clock clock) {
        this.workspace = workspace;
        this.owners = owners;
        this.rotations = rotations;
        this.store = store;
        this.clock = clock;
    }

    public boolean has(String ruleSet) {
        return workspace.assign().containsKey(ruleSet);
    }

    public Set<String> names() {
        return new TreeSet<>(workspace.assign().keySet());
    }

    /**
     * Assigns leads, in order. A lead's key is its source record, so a lead read again is recognised.
     *
     * @param leads    the page's leads by source record; a lead whose source gave it an owner already is not passed
     * @param accounts existing accounts, for {@code accountOwner} rules
     * @param planning true in a plan: the decisions are made from the stored state and nothing is kept
     * @throws OwnerSources.OwnersNotRead when the rule set's owners come from a CRM whose owners were never read
     */
    public Page assign(String ruleSet, long runId, String job, Map<SourceRef, Lead> leads, List<Account> accounts,
                       boolean planning) {
        return assign(ruleSet, runId, job, leads, accounts, !planning, true, null);
    }

    /**
     * Where leads go, for a caller that writes the owner itself through the write path (an agent's {@code assign_owner}):
     * decided as {@link #assign} decides, from the stored rotation and workloads, but no assignment is recorded. With
     * {@code takeTurn} the rotation moves on as for a real assignment (the caller means to write the owner); without, nothing
     * in the store changes (an explanation, or an owner a person will decide on). Record the assignments with {@link #keep}
     * once the owner is written.
     */
    public Page decide(String ruleSet, String job, Map<SourceRef, Lead> leads, List<Account> accounts, boolean takeTurn) {
        return assign(ruleSet, 0, job, leads, accounts, takeTurn, false, null);
    }

    /**
     * Records assignments {@link #decide} made as run {@code runId}'s, given today, once their owners were written: as an
     * applied plan's, so the job's next run keeps the owner and a rollback of the run undoes them. A lead given an owner
     * meanwhile keeps that one. Returns how many were recorded.
     */
    public int keep(List<AssignmentStore.Assignment> made, long runId) {
        return made.isEmpty() ? 0 : store.recordApplied(made, runId, LocalDate.now(clock));
    }

    /**
     * As {@link #assign}, for {@code assign reassign}: the leads' open assignments to the departed owner {@code from} are
     * closed (by this run, so its rollback reopens them) and each lead takes the rules again, {@code from} unavailable.
     */
    public Page reassign(String ruleSet, long runId, String job, Map<SourceRef, Lead> leads, List<Account> accounts,
                         boolean planning, String from) {
        return assign(ruleSet, runId, job, leads, accounts, !planning, true, from);
    }

    /**
     * Takes back what {@link #assign} or {@link #reassign} recorded for a page that was not committed: the kill switch, a
     * cap, a failed write or a failed flush or commit after the route stopped the run before the owners were written. Its new assignments are deleted (they count
     * in no workload), the departed owner's are open again (a reassign run again finds and moves them), and the rotation
     * goes back to where it stood, unless another page took a turn since: then the page's turns stay taken, which costs
     * the pool's shares a little, not correctness. Returns what was taken back.
     */
    public AssignmentStore.Forgotten forget(Page page) {
        Recorded recorded = page.recorded();
        if (recorded == null) {
            return new AssignmentStore.Forgotten(0, 0);
        }
        return rotations.withRotation(recorded.ruleSet(), rotation -> {
            if (rotation.snapshot().equals(recorded.rotationAfter())) {
                rotation.restore(recorded.rotationBefore());
            }
            return store.forget(recorded.ruleSet(), recorded.runId(), recorded.given(), recorded.moved());
        });
    }

    /**
     * Takes back everything run {@code runId} recorded in a rule set, as {@link #forget} does for one page: for a run none
     * of whose writes took effect (its file target, which takes a run's writes only when the run ends, never took them, and
     * the run is not resumed). The rotation goes back to {@code rotationBefore} if it still stands at {@code rotationAfter}
     * (no other run took a turn since); pass null for both to leave it as it is.
     */
    public AssignmentStore.Forgotten forgetRun(String ruleSet, long runId, Map<String, Map<String, Long>> rotationBefore,
                                               Map<String, Map<String, Long>> rotationAfter) {
        return rotations.withRotation(ruleSet, rotation -> {
            if (rotationBefore != null && rotation.snapshot().equals(rotationAfter)) {
                rotation.restore(rotationBefore);
            }
            return store.forgetRun(ruleSet, runId);
        });
    }

    /**
     * @param save   false in a plan: nothing done in the store is kept, the rotation included
     * @param record whether the assignments made are recorded in the store (with the rotation's transaction)
     */
    private Page assign(String ruleSet, long runId, String job, Map<SourceRef, Lead> leads, List<Account> accounts,
                        boolean save, boolean record, String movingFrom) {
        AssignConfig config = workspace.assign().get(ruleSet);
        if (config == null) {
            throw new IllegalArgumentException("There is no assignment rule set \"" + ruleSet + "\" (files of assign/: " + names() + ")");
        }
        AssignmentRules rules = RuleFiles.rules(config);
        Assigner assigner = new Assigner(rules);
        OwnerDirectory owners = this.owners.owners(ruleSet);
        // besides the inactive and the away: an owner gone from the CRM's user list since validation, whom no lead may reach
        Map<String, String> away = new java.util.HashMap<>(owners.awayOn(LocalDate.now(clock)));
        config.ownerIds().stream().filter(id -> owners.find(id).isEmpty())
                .forEach(id -> away.put(id, "is no longer among the owners"));
        if (movingFrom != null) {
            away.put(movingFrom, "has left (assign reassign)"); // whatever the CRM's user list says yet
        }
        LocalDate day = LocalDate.now(clock);
        String file = "assign/" + ruleSet + ".yaml";
        return rotations.withRotation(ruleSet, save, rotation -> {
            Map<String, Map<String, Long>> rotationBefore = rotation.snapshot();
            Map<SourceRef, AssignmentStore.Assignment> earlier = store.open(ruleSet, leads.keySet());
            List<SourceRef> moving = List.of();
            if (movingFrom != null) {
                // only the departed owner's leads move; a lead given to someone else since keeps them
                moving = earlier.values().stream().filter(a -> a.owner().equals(movingFrom)).map(AssignmentStore.Assignment::lead)
                        .toList();
                store.close(ruleSet, moving, runId);
                moving.forEach(earlier::remove);
            }
            AssignContext context = new AssignContext(new AccountMatcher(new AccountIndex(accounts)), rotation,
                    Workload.of(store.openLeads(), store.leadsOn(day)), away.keySet(), away);
            Map<SourceRef, Assigned> result = new LinkedHashMap<>();
            List<AssignmentStore.Assignment> made = new ArrayList<>();
            leads.forEach((ref, lead) -> {
                AssignmentStore.Assignment before = earlier.get(ref);
                if (before != null) {
                    result.put(ref, new Assigned(before.owner(), email(owners, before.owner()), crmId(owners, before.owner()), file
                            + " kept " + before.owner() + ", given in run " + before.runId() + " on " + before.day() + ": "
                            + before.reason(), true));
                    return;
                }
                Decision decision = assigner.assign(lead, context);
                if (!decision.assigned()) {
                    result.put(ref, new Assigned(null, null, null, file + ": " + decision.line(), false));
                    return;
                }
                String reason = file + (movingFrom == null ? " gave " : " moved from " + movingFrom + " (left) to ") + decision.owner()
                        + ": " + decision.line();
                result.put(ref, new Assigned(decision.owner(), email(owners, decision.owner()), crmId(owners, decision.owner()), reason,
                        false));
                made.add(new AssignmentStore.Assignment(0, runId, job, ruleSet, ref, decision.owner(), decision.rule(), decision.line(),
                        day, true, email(owners, decision.owner()), crmId(owners, decision.owner())));
            });
            if (record) {
                store.record(made); // in a plan, undone with the rotation's transaction
            }
            Recorded recorded = save && record ? new Recorded(ruleSet, runId, made.stream().map(AssignmentStore.Assignment::lead).toList(),
                    moving, rotationBefore, rotation.snapshot()) : null;
            return new Page(result, made, recorded);
        });
    }

    /**
     * A person gave the lead to another owner in the target ({@code value}: the email or CRM id the target's owner field
     * holds now), and run {@code runId}'s write kept it: the store makes the lead that owner's, named by the id the rules use
     * when the rule set knows them by that email or CRM id, else by {@code value} itself. Returns the owner recorded, or
     * empty when the lead holds no open assignment of the rule set.
     */
    public Optional<String> changedInTarget(String ruleSet, long runId, String job, SourceRef lead, String value, String reason) {
        String owner = owners.owners(ruleSet).all().stream()
                .filter(o -> value.equalsIgnoreCase(o.email() == null ? "" : o.email().strip()) || value.equals(o.crmId()))
                .map(Owner::id).findFirst().orElse(value);
        return store.changedInTarget(ruleSet, lead, runId, job, owner, reason, LocalDate.now(clock)) ? Optional.of(owner)
                : Optional.empty();
    }

    /** The open assignment of each of these leads in a rule set (with what each was given); leads without one are absent. */
    public Map<SourceRef, AssignmentStore.Assignment> open(String ruleSet, java.util.Collection<SourceRef> leads) {
        return store.open(ruleSet, leads);
    }

    /** A rule set's owner by the id its rules name them by, or empty when there is no such owner. */
    public Optional<Owner> owner(String ruleSet, String id) {
        return owners.owners(ruleSet).find(id);
    }

    private static String email(OwnerDirectory owners, String id) {
        return owners.find(id).map(Owner::email).filter(email -> !email.isBlank()).orElse(null);
    }

    private static String crmId(OwnerDirectory owners, String id) {
        return owners.find(id).map(Owner::crmId).orElse(null);
    }
}

package io.middlemile.cli;

import io.middlemile.govern.PlannedWrite;
import io.middlemile.govern.PolicyVerdict;
import io.middlemile.govern.WriteAction;
import io.middlemile.govern.WritePlan;
import io.middlemile.store.PlanApplications;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What earlier applies of a plan did with its writes, and the plan of what they left undone. Applying a plan again makes
 * only that rest, as rolling back a run again undoes only what the earlier rollback left alone: a write made then is not
 * made twice (a create made again would find its own record and be reported as a conflict), and a plan with nothing left
 * is not applied at all.
 *
 * @param made   per write of the plan that earlier applies made, the journal's word on it (which run, when)
 * @param parked how many of the plan's review writes earlier applies parked for a person
 * @param left   the plan without those writes; the writes the policy denied and the sends stay in it, listed as an apply
 *               lists them, never made
 */
record EarlierApplies(List<PlanApplications.Made> made, long parked, WritePlan left) {

    /** The words the journal's decisions name a plan by: its run and the time it was made, which no other plan shares. */
    static String planned(WritePlan plan) {
        return "(planned in run " + plan.planRunId()
                + (plan.createdAt() == null ? "" : " at " + plan.createdAt().truncatedTo(ChronoUnit.SECONDS)) + ")";
    }

    static EarlierApplies of(WritePlan plan, PlanApplications applications) {
        String job = "apply:" + plan.job();
        Map<List<String>, PlanApplications.Made> byWrite = new LinkedHashMap<>();
        for (PlanApplications.Made made : applications.made(job, plan.planRunId(), planned(plan))) {
            byWrite.putIfAbsent(List.of(made.connection(), made.object(), made.key(), made.action()), made);
        }
        if (byWrite.isEmpty()) {
            // never applied, or applied without making a write (each one a conflict then): all of it is tried as the first time
            return new EarlierApplies(List.of(), 0, plan);
        }
        List<PlanApplications.Made> made = new ArrayList<>();
        long parked = 0;
        List<PlannedWrite> left = new ArrayList<>();
        for (PlannedWrite write : plan.writes()) {
            PlanApplications.Made earlier = write.decision() == PolicyVerdict.Kind.AUTO
                    ? byWrite.get(List.of(write.connection(), write.object(), write.key(), write.action())) : null;
            if (earlier != null) {
                made.add(earlier);
            } else if (write.decision() == PolicyVerdict.Kind.REVIEW && !isSend(write) && applications.parked(job, plan.planRunId(),
                    write.connection(), write.object(), write.key(), write.action(), write.after())) {
                parked++;
            } else {
                left.add(write);
            }
        }
        return new EarlierApplies(List.copyOf(made), parked, new WritePlan(plan.job(), plan.planRunId(), plan.workspaceVersion(),
                plan.createdAt(), List.copyOf(left), plan.apiCalls(), plan.assignments()));
    }

    /** Whether an earlier apply of the plan made any of its writes. */
    boolean any() {
        return !made.isEmpty();
    }

    /** Whether earlier applies left nothing an apply would make: what is left is writes the policy denied and sends, or nothing. */
    boolean nothingLeft() {
        return any() && left.writes().stream().allMatch(w -> w.decision() == PolicyVerdict.Kind.DENY || isSend(w));
    }

    /** The first apply that made some of the plan. */
    long firstRun() {
        return made.stream().mapToLong(PlanApplications.Made::runId).min().orElseThrow();
    }

    /** The first run that made some of the plan, when it started, and every later one: "run 3 (started ...) and again by run 5". */
    String runs() {
        Map<Long, PlanApplications.Made> byRun = new TreeMap<>();
        made.forEach(m -> byRun.putIfAbsent(m.runId(), m));
        List<PlanApplications.Made> runs = List.copyOf(byRun.values());
        StringBuilder text = new StringBuilder("run " + runs.get(0).runId() + " (started "
                + runs.get(0).startedAt().truncatedTo(ChronoUnit.SECONDS) + ")");
        for (int i = 1; i < runs.size(); i++) {
            text.append(i == 1 ? " and again by run " : ", run ").append(runs.get(i).runId());
        }
        return text.toString();
    }

    private static boolean isSend(PlannedWrite write) {
        return write.action().equals(WriteAction.SEND.id());
    }
}

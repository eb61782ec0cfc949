package io.middlemile.cli;

import io.middlemile.govern.PlannedWrite;
import io.middlemile.govern.WriteAction;
import io.middlemile.govern.WritePlan;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Prints a plan as a person reads it: counts by target and decision, API calls, then the first changes. */
final class PlanSummary {

    private static final int SHOWN = 5;

    private PlanSummary() {
    }

    static void print(PrintStream out, WritePlan plan, Path file) {
        print(out, plan, file, next(plan, file));
    }

    /**
     * What to do with a job's plan. Its record writes are made by {@code middlemile apply}; its sends are not: an email
     * enrolment, a LinkedIn invitation or an interest update is decided when the job runs (suppression, caps, the accounts'
     * windows, the ledger), so a plan of sends only is followed by running the job, not by applying the plan.
     */
    static String next(WritePlan plan, Path file) {
        if (plan.holdsNothing()) {
            return "Nothing to apply: the targets hold these values already (or the job read nothing new).";
        }
        long sends = plan.writes().stream().filter(write -> WriteAction.SEND.id().equals(write.action())).count();
        if (sends == 0) {
            return "Apply exactly these writes with: middlemile apply " + file;
        }
        String run = "middlemile job run " + plan.job();
        if (sends == plan.writes().size()) {
            return "These are sends: applying the plan makes none of them (suppression, caps and the LinkedIn accounts' windows are"
                    + " decided when the job runs). To send, run the job: " + run;
        }
        return "Apply the record writes with: middlemile apply " + file + " (its " + sends + " sends are not made by apply; they go"
                + " when the job runs: " + run + ")";
    }

    /** @param next the line that says what to do with the plan */
    static void print(PrintStream out, WritePlan plan, Path file, String next) {
        out.println();
        boolean onlySends = !plan.writes().isEmpty()
                && plan.writes().stream().allMatch(write -> WriteAction.SEND.id().equals(write.action()));
        out.printf(onlySends ? "Plan of job %s: %,d sends, nothing was sent. Saved to %s%n" : "Plan of job %s: %,d writes, nothing was written."
                + " Saved to %s%n", plan.job(), plan.writes().size(), file);
        Map<String, Map<String, Long>> byTarget = new TreeMap<>();
        for (PlannedWrite write : plan.writes()) {
            byTarget.computeIfAbsent(write.connection() + "/" + write.object(), key -> new TreeMap<>())
                    .merge(write.action() + " " + write.decision().id(), 1L, Long::sum);
        }
        byTarget.forEach((target, counts) -> out.printf("  %-32s %s%n", target, counts.entrySet().stream()
                .map(entry -> entry.getValue() + " " + entry.getKey()).collect(Collectors.joining(", "))));
        if (!plan.apiCalls().isEmpty()) {
            out.println("  API calls it would spend: " + plan.apiCalls());
        }
        plan.writes().stream().limit(SHOWN).forEach(write -> {
            out.printf("  %-6s %-7s %s/%s/%s%n", write.decision().id(), write.action(), write.connection(), write.object(), write.key());
            write.after().forEach((field, value) -> out.printf("           %-22s %s -> %s%n", field,
                    write.before() == null || write.before().get(field) == null ? "(empty)" : write.before().get(field), value));
        });
        if (plan.writes().size() > SHOWN) {
            out.printf("  ... and %,d more in the plan file%n", plan.writes().size() - SHOWN);
        }
        out.println(next);
    }
}

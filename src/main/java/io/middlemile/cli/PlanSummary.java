package io.middlemile.cli;

import io.middlemile.govern.PlannedWrite;
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
        print(out, plan, file, "Apply exactly these writes with: middlemile apply " + file);
    }

    /** @param next the line that says what to do with the plan */
    static void print(PrintStream out, WritePlan plan, Path file, String next) {
        out.println();
        out.printf("Plan of job %s: %,d writes, nothing was written. Saved to %s%n", plan.job(), plan.writes().size(), file);
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

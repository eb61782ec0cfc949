package io.middlemile.cli;

import io.middlemile.quality.FieldQuality;
import io.middlemile.quality.QualitySnapshot;
import io.middlemile.quality.Severity;
import io.middlemile.store.QualityHistory;

import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A quality measurement as the stored metrics, and the trend of the stored ones: each point and what moved. */
final class QualityTrend {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    /** The prefix of a rule's findings count among the metrics. */
    static final String RULE = "rule:";
    /** A share that moved less than this (0.1 percentage point) did not move. */
    private static final double MOVED = 0.001;

    private QualityTrend() {
    }

    /**
     * Flat name → number pairs: records, clean, error/warning/info counts, rule:R findings per rule, completeness:F and
     * conformance:F (the console's quality page reads the same names).
     */
    static Map<String, Object> metrics(QualitySnapshot snapshot) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("records", snapshot.records());
        metrics.put("clean", snapshot.clean());
        for (Severity severity : Severity.values()) {
            metrics.put(severity.id(), snapshot.bySeverity().getOrDefault(severity, 0L));
        }
        snapshot.byRule().forEach((rule, findings) -> metrics.put(RULE + rule, findings));
        for (FieldQuality field : snapshot.fields()) {
            metrics.put("completeness:" + field.field(), field.completeness());
            if (field.measured()) {
                metrics.put("conformance:" + field.field(), field.conformance());
            }
        }
        return metrics;
    }

    static void print(PrintStream out, List<QualityHistory.Entry> history, String since) {
        out.println();
        out.printf("Trend (%d %s in the last %s):%n", history.size(), history.size() == 1 ? "report" : "reports", since);
        out.printf("  %-16s %-34s %9s %7s %7s %8s%n", "WHEN", "WORKSPACE", "RECORDS", "CLEAN", "ERRORS", "WARNINGS");
        for (QualityHistory.Entry entry : history) {
            Map<String, Object> m = entry.metrics();
            out.printf("  %-16s %-34s %,9d %6.1f%% %7d %8d%n", TIME.format(entry.measuredAt()), entry.workspaceVersion(),
                    number(m.get("records")).longValue(), 100 * number(m.get("clean")).doubleValue(),
                    number(m.get("error")).longValue(), number(m.get("warning")).longValue());
        }
        for (int i = 1; i < history.size(); i++) {
            moved(out, history.get(i - 1), history.get(i));
        }
    }

    /** Each share that moved between two reports, and whether the rules (workspace version) or the data moved it. */
    private static void moved(PrintStream out, QualityHistory.Entry before, QualityHistory.Entry after) {
        String cause = Objects.equals(before.workspaceVersion(), after.workspaceVersion())
                ? "same workspace version: the data changed"
                : "workspace " + before.workspaceVersion() + " → " + after.workspaceVersion();
        for (Severity severity : Severity.values()) {
            long was = number(before.metrics().get(severity.id())).longValue();
            long now = number(after.metrics().get(severity.id())).longValue();
            if (was != now) {
                out.printf("  moved at %s: %s findings %,d → %,d (%s)%n", TIME.format(after.measuredAt()), severity.id(), was, now, cause);
            }
        }
        after.metrics().forEach((name, value) -> {
            if (name.startsWith(RULE)) {
                long was = number(before.metrics().get(name)).longValue();
                long now = number(value).longValue();
                // a rule counted for the first time has no earlier count to move from
                if (before.metrics().containsKey(name) && was != now) {
                    out.printf("  moved at %s: findings of rule %s %,d → %,d (%s)%n", TIME.format(after.measuredAt()),
                            name.substring(RULE.length()), was, now, cause);
                }
                return;
            }
            if (!name.contains(":") && !name.equals("clean")) {
                return;
            }
            Object was = before.metrics().get(name);
            if (was == null || Math.abs(number(value).doubleValue() - number(was).doubleValue()) < MOVED) {
                return;
            }
            out.printf("  moved at %s: %s %.1f%% → %.1f%% (%s)%n", TIME.format(after.measuredAt()), name.replace(":", " of "),
                    100 * number(was).doubleValue(), 100 * number(value).doubleValue(), cause);
        });
    }

    private static Number number(Object value) {
        return value instanceof Number n ? n : 0;
    }
}

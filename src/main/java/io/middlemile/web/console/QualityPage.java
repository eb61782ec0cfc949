package io.middlemile.web.console;

import io.middlemile.store.QualityHistory;
import io.middlemile.web.QualityBoard;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Data quality over time: per hygiene file, each metric `middlemile quality report NAME` kept (records, the share without
 * findings, findings per severity, completeness, conformance, duplicate rate, ...) as a small chart and a table, and the
 * latest report's findings per severity and per rule. Read only; the rules live in {@code hygiene/NAME.yaml}.
 */
@Controller
class QualityPage {

    static final List<Integer> PERIODS = List.of(30, 90, 365);
    private static final String RULE = "rule:";
    /** The metrics shown first, in this order; the others follow by name. */
    private static final List<String> FIRST = List.of("clean", "records", "error", "warning", "info");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    /** One metric over the period: its chart, first and latest values and the change, in words. */
    record Metric(String name, String label, TrendChart chart, String first, String latest, String change) {
    }

    /** Findings of one severity or rule in the latest report. */
    record Count(String name, long findings) {
    }

    /**
     * The latest report of a hygiene file.
     *
     * @param byRule empty when the report predates per-rule counts (they are kept since this console page came)
     */
    record Latest(String at, String workspaceVersion, String records, String clean, List<Count> bySeverity, List<Count> byRule) {
    }

    /** One hygiene file's panel; {@code latest} null when it has no report in the period. */
    record Panel(String name, String file, String source, int reports, TrendChart clean, List<Metric> metrics, Latest latest) {
    }

    private final QualityBoard quality;

    QualityPage(QualityBoard quality) {
        this.quality = quality;
    }

    @GetMapping("/console/quality")
    String page(Model model, @RequestParam(defaultValue = "90") int days) {
        if (days < 1 || days > QualityBoard.MAX_DAYS) {
            throw new IllegalArgumentException("The period must be between 1 and " + QualityBoard.MAX_DAYS + " days, not " + days
                    + "; pick one of the periods the quality page offers");
        }
        List<Panel> panels = quality.all(days).stream().map(QualityPage::panel).toList();
        model.addAttribute("panels", panels);
        model.addAttribute("days", days);
        model.addAttribute("periods", PERIODS);
        return "console/quality";
    }

    static Panel panel(QualityBoard.HygieneHistory history) {
        List<QualityHistory.Entry> entries = history.measurements();
        QualityHistory.Entry last = history.latest();
        if (last == null) {
            return new Panel(history.name(), history.file(), history.source(), 0, null, List.of(), null);
        }
        Set<String> names = new LinkedHashSet<>();
        entries.forEach(entry -> entry.metrics().keySet().stream().filter(name -> !name.startsWith(RULE)).forEach(names::add));
        List<String> ordered = new ArrayList<>(FIRST.stream().filter(names::contains).toList());
        names.stream().filter(name -> !FIRST.contains(name)).sorted(Comparator.comparing(QualityPage::label)).forEach(ordered::add);
        List<Metric> metrics = ordered.stream().map(name -> metric(name, entries)).toList();
        return new Panel(history.name(), history.file(), history.source(), entries.size(), metrics.isEmpty() ? null : metric("clean",
                entries).chart(), metrics, latest(last));
    }

    static Metric metric(String name, List<QualityHistory.Entry> entries) {
        List<Instant> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<String> when = new ArrayList<>();
        for (QualityHistory.Entry entry : entries) {
            if (entry.metrics().get(name) instanceof Number value) {
                times.add(entry.measuredAt());
                values.add(value.doubleValue());
                when.add(DAY.format(entry.measuredAt()));
            }
        }
        boolean share = share(name);
        TrendChart chart = TrendChart.of(label(name), times, values, share, when);
        String first = values.isEmpty() ? "" : text(values.get(0), share);
        String latest = values.isEmpty() ? "" : text(values.get(values.size() - 1), share);
        String change = "";
        if (values.size() > 1) {
            double by = values.get(values.size() - 1) - values.get(0);
            change = by == 0 ? "no change" : (by > 0 ? "+" : "−") + (share
                    ? String.format(java.util.Locale.ROOT, "%.1f points", Math.abs(100 * by)) : TrendChart.count(Math.abs(by)));
        }
        return new Metric(name, label(name), chart, first, latest, change);
    }

    private static Latest latest(QualityHistory.Entry entry) {
        Map<String, Object> m = entry.metrics();
        List<Count> bySeverity = List.of("error", "warning", "info").stream()
                .map(severity -> new Count(severity, number(m.get(severity)))).toList();
        List<Count> byRule = m.entrySet().stream().filter(e -> e.getKey().startsWith(RULE))
                .map(e -> new Count(e.getKey().substring(RULE.length()), number(e.getValue())))
                .sorted(Comparator.comparingLong(Count::findings).reversed().thenComparing(Count::name)).toList();
        return new Latest(DAY.format(entry.measuredAt()), entry.workspaceVersion(), TrendChart.count(number(m.get("records"))),
                m.get("clean") instanceof Number clean ? TrendChart.percent(clean.doubleValue()) : "", bySeverity, byRule);
    }

    /** Shares (0 to 1) are "clean" and the "kind:subject" metrics; the rest are counts. */
    static boolean share(String name) {
        return name.equals("clean") || name.contains(":");
    }

    /** A metric's name as the page shows it. */
    static String label(String name) {
        int colon = name.indexOf(':');
        String kind = colon < 0 ? name : name.substring(0, colon);
        String subject = colon < 0 ? "" : name.substring(colon + 1);
        return switch (kind) {
            case "clean" -> "Records without findings";
            case "records" -> "Records checked";
            case "error" -> "Error findings";
            case "warning" -> "Warning findings";
            case "info" -> "Info findings";
            case "completeness" -> subject + " present";
            case "conformance" -> subject + " in the expected format";
            case "enriched" -> subject + " enriched";
            case "duplicate rate" -> "Duplicate rate (" + subject + ")";
            case "stale" -> "Stale (" + subject + ")";
            case "exit criteria breached" -> "Stage exit criteria breached (" + subject + ")";
            default -> colon < 0 ? name : kind + " (" + subject + ")";
        };
    }

    private static String text(double value, boolean share) {
        return share ? TrendChart.percent(value) : TrendChart.count(value);
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}

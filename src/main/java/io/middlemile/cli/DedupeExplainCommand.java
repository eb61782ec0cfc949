package io.middlemile.cli;

import io.middlemile.dedupe.Contribution;
import io.middlemile.dedupe.DedupeResult;
import io.middlemile.dedupe.DedupeRules;
import io.middlemile.dedupe.MatchDecision;
import io.middlemile.dedupe.PairDecision;
import io.middlemile.dedupe.PairEvidence;
import io.middlemile.model.SourceRef;
import io.middlemile.workspace.MappingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code middlemile dedupe explain NAME ID1 ID2}: runs the rule as {@code dedupe NAME} does (same data, same
 * learned weights, nothing written) and prints the full evidence on two records, including pairs the run never
 * compares because no blocking rule brings them together.
 */
@Command(name = "explain", description = {"Show why two records of a dedupe rule's sources match or not: each"
        + " comparison's level and weight, conflicts, probability, band, and whether a blocking rule brings them"
        + " together. Runs the rule to learn its weights; writes nothing."})
class DedupeExplainCommand implements Callable<Integer> {

    @Mixin
    WorkspaceOption workspace;

    @Parameters(index = "0", paramLabel = "NAME", description = "the rule file, dedupe/NAME.yaml")
    String name;

    @Parameters(index = "1", paramLabel = "ID1", description = "a record id; SOURCE:ID when several sources have it"
            + " (SOURCE: a source of the rule, e.g. hubspot-export-contacts, or its connection)")
    String first;

    @Parameters(index = "2", paramLabel = "ID2", description = "the other record id, same form")
    String second;

    @Override
    public Integer call() throws Exception {
        DedupeRunner.Run run = DedupeRunner.run(workspace.resolve(), name);
        if (run == null) {
            return 1;
        }
        Map<String, MappingConfig> sources = new LinkedHashMap<>();
        run.config().sources().forEach(id -> sources.put(id, run.workspace().mappings().get(id)));
        int a = find(run.result(), sources, first);
        int b = find(run.result(), sources, second);
        if (a < 0 || b < 0) {
            return 1;
        }
        if (a == b) {
            System.err.printf("%s and %s are the same record (%s); give two different records.%n", first, second,
                    run.result().source(a));
            return 1;
        }
        print(System.out, run.result(), run.result().evidence(a, b));
        return 0;
    }

    /** The row of {@code id} ("ID" or "SOURCE:ID"), or -1 after saying on stderr why there is none or several. */
    private int find(DedupeResult result, Map<String, MappingConfig> sources, String id) {
        String wanted = id;
        List<String> only = new ArrayList<>(sources.keySet());
        int colon = id.indexOf(':');
        if (colon > 0) {
            String qualifier = id.substring(0, colon);
            List<String> named = sources.entrySet().stream()
                    .filter(e -> e.getKey().equals(qualifier) || e.getValue().connector().equals(qualifier))
                    .map(Map.Entry::getKey).toList();
            if (!named.isEmpty()) {
                only = named;
                wanted = id.substring(colon + 1);
            }
        }
        List<Integer> rows = new ArrayList<>(2);
        for (int row = 0; row < result.size(); row++) {
            if (result.records().recordId(row).equals(wanted) && inSources(result.source(row), only, sources)) {
                rows.add(row);
            }
        }
        if (rows.size() == 1) {
            return rows.get(0);
        }
        if (rows.isEmpty()) {
            System.err.printf("No record %s in %s (searched %,d records read by dedupe rule %s). Give the id as the"
                    + " source system has it, optionally as SOURCE:ID.%n", wanted, describe(only, sources),
                    result.size(), name);
        } else {
            List<String> qualified = rows.stream().map(row -> qualify(result.source(row), sources)).toList();
            System.err.printf("Record id %s is in several sources: %s. Say which one, e.g. %s.%n", wanted,
                    String.join(", ", qualified), qualified.get(0));
        }
        return -1;
    }

    private static boolean inSources(SourceRef ref, List<String> only, Map<String, MappingConfig> sources) {
        for (String id : only) {
            MappingConfig m = sources.get(id);
            if (m.connector().equals(ref.connection()) && m.object().equals(ref.object())) {
                return true;
            }
        }
        return false;
    }

    private static String describe(List<String> only, Map<String, MappingConfig> sources) {
        return only.stream().map(id -> id + " (" + sources.get(id).connector() + " " + sources.get(id).object() + ")")
                .reduce((x, y) -> x + ", " + y).orElse("no source");
    }

    private static String qualify(SourceRef ref, Map<String, MappingConfig> sources) {
        return sources.entrySet().stream()
                .filter(e -> e.getValue().connector().equals(ref.connection()) && e.getValue().object().equals(ref.object()))
                .map(e -> e.getKey() + ":" + ref.sourceId()).findFirst().orElse(ref.toString());
    }

    private void print(PrintStream out, DedupeResult result, PairEvidence evidence) {
        PairDecision d = evidence.decision();
        DedupeRules rules = result.rules();
        out.printf("Dedupe %s: %s and %s%n", name, d.left(), d.right());
        out.printf("  weights as a dedupe run over these %,d records uses them; match weight = prior + the comparisons,"
                + " in bits (+1 doubles the odds of a match)%n%n", result.size());
        out.printf("  %-26s %-30s %-30s %-30s %8s%n", "comparison", "level", "left value", "right value", "weight");
        List<Contribution> explanation = d.explanation();
        Contribution prior = explanation.get(0);
        out.printf("  %-26s %-30s %-30s %-30s %+8.2f%n", "prior", prior.level(), "", "", prior.weight());
        for (int i = 1; i < explanation.size(); i++) {
            Contribution c = explanation.get(i);
            PairEvidence.Values v = evidence.values().get(i - 1);
            out.printf("  %-26s %-30s %-30s %-30s %+8.2f%n", c.comparison(), c.level(), shown(v.left()),
                    shown(v.right()), c.weight());
        }
        out.printf("  %-26s %-30s %-30s %-30s %+8.2f%n%n", "total", "", "", "", d.weight());
        out.printf("  match probability %.4f: %s (merge at or above %s, review at or above %s)%n", d.probability(),
                band(d.decision()), rules.autoMerge(), rules.review());
        if (d.conflicts().isEmpty()) {
            out.println("  conflicting identifiers: none");
        } else {
            out.println("  conflicting identifiers (never merged without a person):");
            d.conflicts().forEach(c -> out.println("    " + c));
        }
        out.printf("  in the run: %s%n", evidence.leftCluster().equals(evidence.rightCluster())
                ? "both in cluster " + evidence.leftCluster()
                : "in different clusters (" + evidence.leftCluster() + " and " + evidence.rightCluster() + ")");
        printBlocking(out, evidence);
    }

    private static void printBlocking(PrintStream out, PairEvidence evidence) {
        boolean oversized = evidence.blocking().stream().anyMatch(PairEvidence.Blocking::oversized);
        if (evidence.linkSameSource()) {
            out.println("  blocking: not compared in a dedupe run: the rule links across sources (mode: link) and both"
                    + " records come from one source");
        } else if (evidence.compared()) {
            out.println("  blocking: compared in a dedupe run, brought together by " + String.join(", ", evidence.blockedBy()));
        } else if (oversized) {
            out.println("  blocking: they share only blocks too large to compare in full (maxBlockSize); a run compares"
                    + " them only if they sort near each other. Their keys are:");
        } else {
            out.println("  blocking: not compared in a dedupe run: no blocking rule brings them together; their keys are:");
        }
        for (PairEvidence.Blocking rule : evidence.blocking()) {
            out.printf("    %-28s %s  |  %s%s%n", rule.rule(), String.join(", ", rule.leftKeys()),
                    String.join(", ", rule.rightKeys()), rule.together() ? "  (same block)"
                            : rule.oversized() ? "  (same block, too large to compare in full)" : "");
        }
    }

    private static String band(MatchDecision decision) {
        return switch (decision) {
            case AUTO_MERGE -> "merge";
            case REVIEW -> "review";
            case NO_MATCH -> "no match";
        };
    }

    private static String shown(String value) {
        if (value == null) {
            return "-";
        }
        return value.length() > 30 ? value.substring(0, 29) + "…" : value;
    }
}

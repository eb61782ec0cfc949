package io.middlemile.web.console;

import io.middlemile.dedupe.ClusterPlan;
import io.middlemile.dedupe.FieldChoice;
import io.middlemile.dedupe.PairDecision;
import io.middlemile.store.DedupeRunStore;
import io.middlemile.workspace.DedupeConfig;
import io.middlemile.web.DedupeBoard;
import io.middlemile.workspace.Workspace;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Dedupe runs and their clusters with explanations: the runs `middlemile dedupe NAME` saved, and per run the clusters it
 * would merge (the surviving record, each duplicate's scored pair against it and why it scored so, the surviving values) and
 * the pairs it left for a person. Read only: merges are carried out by {@code middlemile dedupe NAME --apply}, through the
 * write path, and those in the review band wait in the review queue.
 */
@Controller
class DedupePage {

    static final int PAGE_SIZE = 20;

    /** One line of a pair's explanation; {@code tone} "for" or "against" a match, or empty when it weighs nothing. */
    record Line(String comparison, String level, String weight, String tone) {
    }

    /** A scored pair as the page shows it. */
    record Pair(String left, String right, String probability, String weight, String band, List<Line> explanation,
                List<String> conflicts) {

        static Pair of(PairDecision pair) {
            List<Line> lines = pair.explanation().stream().map(c -> new Line(c.comparison(), c.level(),
                    String.format(Locale.ROOT, "%+.1f", c.weight()),
                    c.weight() >= 0.05 ? "for" : c.weight() <= -0.05 ? "against" : "")).toList();
            return new Pair(pair.left().toString(), pair.right().toString(), String.format(Locale.ROOT, "%.1f %%", 100 * pair.probability()),
                    String.format(Locale.ROOT, "%+.1f", pair.weight()), pair.decision().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    lines, pair.conflicts());
        }
    }

    /** A surviving field value, where it came from and the rule that chose it. */
    record Survivor(String field, String value, String from, String rule) {
        static Survivor of(FieldChoice choice) {
            return new Survivor(choice.field(), String.join("; ", choice.values()),
                    choice.from().stream().map(Object::toString).distinct().collect(Collectors.joining(", ")), choice.rule());
        }
    }

    /** A cluster to merge. */
    record Cluster(String id, String master, int size, List<Pair> duplicates, List<Survivor> fields) {
        static Cluster of(ClusterPlan plan) {
            return new Cluster(plan.clusterId(), plan.master().toString(), plan.size(), plan.duplicates().stream().map(Pair::of).toList(),
                    plan.fields().stream().map(Survivor::of).toList());
        }
    }

    private final DedupeBoard board;
    private final Workspace workspace;

    DedupePage(DedupeBoard board, Workspace workspace) {
        this.board = board;
        this.workspace = workspace;
    }

    @GetMapping("/console/dedupe")
    String runs(Model model) {
        List<DedupeRunStore.DedupeRun> runs = board.runs(null, 50);
        Set<String> ran = runs.stream().map(DedupeRunStore.DedupeRun::rule).collect(Collectors.toSet());
        model.addAttribute("runs", runs);
        model.addAttribute("neverRun", new TreeSet<>(workspace.dedupe().keySet()).stream().filter(rule -> !ran.contains(rule)).toList());
        return "console/dedupe";
    }

    /** @param show clusters (the default) or reviews */
    @GetMapping("/console/dedupe/runs/{id}")
    ModelAndView run(@PathVariable long id, @RequestParam(defaultValue = "clusters") String show, @RequestParam(defaultValue = "1") int page) {
        DedupeRunStore.DedupeRun run = board.run(id).orElse(null);
        if (run == null) {
            return ConsoleModel.problem(HttpStatus.NOT_FOUND, "There is no dedupe run " + id + " in the state store: only each rule's newest"
                    + " runs are kept (keepRuns in its file, " + DedupeConfig.DEFAULT_KEEP_RUNS + " by default). The dedupe page lists the runs"
                    + " there are.");
        }
        if (!show.equals("clusters") && !show.equals("reviews")) {
            throw new IllegalArgumentException("show=" + show + " is not a part of a dedupe run; use clusters or reviews");
        }
        boolean clusters = show.equals("clusters");
        int total = clusters ? run.clusters() : run.reviews();
        int pages = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        int current = Math.max(1, Math.min(page, pages));
        int offset = (current - 1) * PAGE_SIZE;
        ModelAndView view = new ModelAndView("console/dedupe-run");
        view.addObject("run", run);
        view.addObject("show", show);
        view.addObject("page", current);
        view.addObject("pages", pages);
        view.addObject("file", "dedupe/" + run.rule() + ".yaml");
        view.addObject("clusters", clusters ? board.clusters(id, offset, PAGE_SIZE).orElseThrow().items().stream().map(Cluster::of).toList()
                : List.of());
        view.addObject("reviews", clusters ? List.of()
                : board.reviews(id, offset, PAGE_SIZE).orElseThrow().items().stream().map(Pair::of).toList());
        return view;
    }
}

package io.middlemile.web;

import io.middlemile.dedupe.ClusterPlan;
import io.middlemile.dedupe.PairDecision;
import io.middlemile.store.DedupeRunStore;
import io.middlemile.workspace.DedupeConfig;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;

/**
 * The runs of {@code middlemile dedupe NAME} over HTTP, for scripts and the console: each run's figures, its clusters to
 * merge and its pairs for review, every pair with its probability, band and explanation. Reading only, every token's
 * ({@link WebSecurity}); merges are carried out by {@code middlemile dedupe NAME --apply}, through the write path.
 */
@RestController
@RequestMapping("/api/dedupe/runs")
public class DedupeController {

    private final DedupeBoard board;

    public DedupeController(DedupeBoard board) {
        this.board = board;
    }

    private static ResponseStatusException noSuchRun(long id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no dedupe run " + id + "; GET /api/dedupe/runs lists"
                + " those kept (each rule's newest: keepRuns in its file, " + DedupeConfig.DEFAULT_KEEP_RUNS + " by default)");
    }

    /** The newest runs, newest first; {@code rule=NAME} for one rule file's ({@code dedupe/NAME.yaml}). */
    @GetMapping
    public List<DedupeRunStore.DedupeRun> runs(@RequestParam(required = false) String rule, @RequestParam(defaultValue = "20") int limit) {
        return board.runs(rule, limit);
    }

    @GetMapping("/{id}")
    public ResponseEntity<DedupeRunStore.DedupeRun> run(@PathVariable long id) {
        return ResponseEntity.ok(board.run(id).orElseThrow(() -> noSuchRun(id)));
    }

    /** A page (up to 500) of the run's clusters to merge. */
    @GetMapping("/{id}/clusters")
    public ResponseEntity<DedupeBoard.Page<ClusterPlan>> clusters(@PathVariable long id, @RequestParam(defaultValue = "0") int offset,
                                                                 @RequestParam(defaultValue = "50") int limit) {
        return ResponseEntity.ok(board.clusters(id, offset, limit).orElseThrow(() -> noSuchRun(id)));
    }

    /** A page (up to 500) of the run's pairs for a person to decide, best first. */
    @GetMapping("/{id}/reviews")
    public ResponseEntity<DedupeBoard.Page<PairDecision>> reviews(@PathVariable long id, @RequestParam(defaultValue = "0") int offset,
                                                                 @RequestParam(defaultValue = "50") int limit) {
        return ResponseEntity.ok(board.reviews(id, offset, limit).orElseThrow(() -> noSuchRun(id)));
    }
}

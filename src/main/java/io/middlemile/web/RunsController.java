package io.middlemile.web;

import io.middlemile.govern.ActionReport;
import io.middlemile.govern.GovernedActions;
import io.middlemile.govern.UnknownRunException;
import io.middlemile.govern.WithdrawalPreview;
import io.middlemile.store.JournalEntry;
import io.middlemile.store.JournalStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/**
 * Jobs and their runs over HTTP, for scripts and the console: what `middlemile jobs` lists, a run's counts and
 * its records with their reasons (paged), its journal, "run now", "retry failed", and a rollback after its preview.
 * Reading is every token's; running and rolling back need an operator's token ({@link WebSecurity}).
 */
@RestController
@RequestMapping("/api")
public class RunsController {

    private final JobBoard board;
    private final RunRecords records;
    private final FailedRecordsRetry retry;
    private final JournalStore journal;
    private final GovernedActions actions;
    private final JobTriggers triggers;
    private final RunProgress progress;

    public RunsController(JobBoard board, RunRecords records, FailedRecordsRetry retry, JournalStore journal, GovernedActions actions,
                          JobTriggers triggers, RunProgress progress) {
        this.board = board;
        this.records = records;
        this.retry = retry;
        this.journal = journal;
        this.actions = actions;
        this.triggers = triggers;
        this.progress = progress;
    }

    @GetMapping("/jobs")
    public List<JobBoard.Job> jobs() {
        return board.jobs();
    }

    @GetMapping("/jobs/{name}/runs")
    public List<JobBoard.Run> history(@PathVariable String name, @RequestParam(defaultValue = "20") int limit) {
        return board.history(name, limit);
    }

    /** Starts an incremental run of a started job now (the run itself goes on after the answer). */
    @PostMapping("/jobs/{name}/run")
    public ResponseEntity<Map<String, String>> runNow(@PathVariable String name) {
        board.route(name);
        if (!triggers.trigger(name)) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", JobTriggers.notStarted(name, "job run")));
        }
        return ResponseEntity.accepted().body(Map.of("job", name, "status", "triggered"));
    }

    /**
     * Retries the job's failed records now, as `middlemile job retry-failed`: 202 when a retry run started, 200 when nothing
     * waits that a retry could help with, 409 when the job is not started in this engine.
     */
    @PostMapping("/jobs/{name}/retry-failed")
    public ResponseEntity<FailedRecordsRetry.Answer> retryFailed(@PathVariable String name) {
        FailedRecordsRetry.Answer answer = retry.retry(name);
        return ResponseEntity.status(switch (answer.status()) {
            case STARTED -> HttpStatus.ACCEPTED;
            case NOTHING_TO_RETRY -> HttpStatus.OK;
            case NOT_STARTED -> HttpStatus.CONFLICT;
        }).body(answer);
    }

    /** The latest runs across jobs, newest first: {@code ?status=failed&since=PT12H&limit=50}. */
    @GetMapping("/runs")
    public List<JobBoard.Run> recent(@RequestParam(required = false) String status, @RequestParam(required = false) String since,
                                     @RequestParam(defaultValue = "50") int limit) {
        return board.recent(status, since, limit);
    }

    @GetMapping("/runs/{id}")
    public ResponseEntity<JobBoard.Run> run(@PathVariable long id) {
        return ResponseEntity.ok(board.run(id).orElseThrow(() -> new UnknownRunException(id)));
    }

    /**
     * How far the run has got: its counts so far and, while it runs in this engine and its source knows its total, the
     * percentage read. Poll it every few seconds while {@code running} is true.
     */
    @GetMapping("/runs/{id}/progress")
    public ResponseEntity<RunProgress.Progress> progress(@PathVariable long id) {
        return ResponseEntity.ok(progress.of(id).orElseThrow(() -> new UnknownRunException(id)));
    }

    /** {@code ?outcome=rejected} (the default), {@code skipped} or {@code written}; {@code offset} and {@code limit} page. */
    @GetMapping("/runs/{id}/records")
    public ResponseEntity<RunRecords.RecordsPage> records(@PathVariable long id, @RequestParam(defaultValue = "rejected") String outcome,
                                                          @RequestParam(defaultValue = "0") int offset,
                                                          @RequestParam(defaultValue = "100") int limit) {
        return ResponseEntity.ok(records.page(id, outcome, offset, limit).orElseThrow(() -> new UnknownRunException(id)));
    }

    /** A run id that names no run is a 404, as for the run itself: an empty list would read as "this run wrote nothing". */
    @GetMapping("/runs/{id}/journal")
    public List<JournalEntry> journal(@PathVariable long id) {
        List<JournalEntry> entries = journal.ofRun(id);
        if (entries.isEmpty() && board.run(id).isEmpty()) {
            throw new UnknownRunException(id);
        }
        return entries;
    }

    /**
     * A rollback's preview: the undo steps, and the review items it would withdraw (worded as `middlemile rollback --plan`
     * words them), so a script sees before rolling back what the rollback's notes will say it withdrew.
     *
     * @param withdrawing the sentence about {@code withdrawals}, or null when it would withdraw none
     */
    public record RollbackPreview(long run, List<GovernedActions.RollbackStep> steps, String withdrawing,
                                  List<WithdrawalPreview.Item> withdrawals) {
    }

    /** The rollback's preview ({@code ?plan=true}, the default) or the rollback itself, recorded under the caller's name. */
    @PostMapping("/runs/{id}/rollback")
    public ResponseEntity<?> rollback(@PathVariable long id, @RequestParam(defaultValue = "true") boolean plan, Authentication caller) {
        if (plan) {
            List<GovernedActions.RollbackStep> steps = actions.rollbackPlan(id);
            WithdrawalPreview withdrawals = WithdrawalPreview.of("run " + id, actions.rollbackWithdrawals(id));
            return ResponseEntity.ok(new RollbackPreview(id, steps, withdrawals.summary(), withdrawals.items()));
        }
        ActionReport report = actions.rollback(id, caller.getName());
        return ResponseEntity.status(report.conflicts().isEmpty() ? HttpStatus.OK : HttpStatus.CONFLICT).body(report);
    }
}

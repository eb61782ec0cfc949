package io.middlemile.web;

import io.middlemile.govern.ActionReport;
import io.middlemile.govern.GovernedActions;
import io.middlemile.store.JobRun;
import io.middlemile.store.JournalEntry;
import io.middlemile.store.JournalStore;
import io.middlemile.store.RecordOutcome;
import io.middlemile.store.RetryQueue;
import io.middlemile.store.RunStore;
import io.middlemile.workspace.RouteInfo;
import io.middlemile.workspace.Workspace;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Jobs and their runs over HTTP, for scripts and the console: what `middlemile jobs` lists, a run's counts and
 * its records with their reasons (paged), its journal, "run now", and a rollback after its preview. Reading is
 * every token's; running and rolling back need an operator's token ({@link WebSecurity}).
 */
@RestController
@RequestMapping("/api")
public class RunsController {

    /** Most records one page of {@code /records} returns. */
    static final int MAX_PAGE = 1_000;

    private final Workspace workspace;
    private final RunStore runs;
    private final RetryQueue retries;
    private final JournalStore journal;
    private final GovernedActions actions;
    private final JobTriggers triggers;

    public RunsController(Workspace workspace, RunStore runs, RetryQueue retries, JournalStore journal, GovernedActions actions,
                          JobTriggers triggers) {
        this.workspace = workspace;
        this.runs = runs;
        this.retries = retries;
        this.journal = journal;
        this.actions = actions;
        this.triggers = triggers;
    }

    /** A run as the API shows it: status in the store's words (succeeded, paused, ...). */
    public record Run(long id, String job, String status, String source, Instant startedAt, Instant endedAt, long read, long written,
                      long skipped, long rejected, String workspaceVersion, String error) {

        static Run of(JobRun run) {
            return new Run(run.id(), run.job(), run.status().db(), run.sourceConnection() + "/" + run.sourceObject(), run.startedAt(),
                    run.endedAt(), run.read(), run.written(), run.skipped(), run.rejected(), run.workspaceVersion(), run.error());
        }
    }

    /** A job (a route of the workspace), where it is declared, its last run and its failed records waiting for a retry. */
    public record Job(String name, String file, int line, Run lastRun, long pendingRetries) {
    }

    /** One page of a run's records of one outcome. */
    public record RecordsPage(long run, String outcome, int offset, int limit, List<RecordOutcome> records) {
    }

    @GetMapping("/jobs")
    public List<Job> jobs() {
        Map<String, JobRun> last = runs.latestPerJob().stream().collect(Collectors.toMap(JobRun::job, Function.identity()));
        Map<String, Long> pending = retries.pendingCounts();
        return workspace.routes().stream().map(route -> job(route, last.get(route.id()), pending)).toList();
    }

    @GetMapping("/jobs/{name}/runs")
    public List<Run> history(@PathVariable String name, @RequestParam(defaultValue = "20") int limit) {
        route(name);
        return runs.history(name, Math.max(1, Math.min(limit, 500))).stream().map(Run::of).toList();
    }

    /** Starts an incremental run of a started job now (the run itself goes on after the answer). */
    @PostMapping("/jobs/{name}/run")
    public ResponseEntity<Map<String, String>> runNow(@PathVariable String name) {
        route(name);
        if (!triggers.trigger(name)) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "Job " + name + " is not started in this engine"
                    + " (autoStartup: false, or the engine is still starting); run it with `middlemile job run " + name + "`"));
        }
        return ResponseEntity.accepted().body(Map.of("job", name, "status", "triggered"));
    }

    @GetMapping("/runs/{id}")
    public ResponseEntity<Run> run(@PathVariable long id) {
        return ResponseEntity.of(runs.find(id).map(Run::of));
    }

    /** {@code ?outcome=rejected} (the default), {@code skipped} or {@code written}; {@code offset} and {@code limit} page. */
    @GetMapping("/runs/{id}/records")
    public ResponseEntity<RecordsPage> records(@PathVariable long id, @RequestParam(defaultValue = "rejected") String outcome,
                                               @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "100") int limit) {
        RecordOutcome.Outcome wanted = Arrays.stream(RecordOutcome.Outcome.values()).filter(o -> o.db().equals(outcome)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("outcome=" + outcome + " is not a record outcome; use written, skipped"
                        + " or rejected"));
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("offset must be 0 or more and limit 1 to " + MAX_PAGE + "; got offset=" + offset
                    + ", limit=" + limit);
        }
        if (runs.find(id).isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok(new RecordsPage(id, outcome, offset, limit, runs.outcomes(id, wanted, offset, limit)));
    }

    @GetMapping("/runs/{id}/journal")
    public List<JournalEntry> journal(@PathVariable long id) {
        return journal.ofRun(id);
    }

    /** The rollback's preview ({@code ?plan=true}, the default) or the rollback itself, recorded under the caller's name. */
    @PostMapping("/runs/{id}/rollback")
    public ResponseEntity<?> rollback(@PathVariable long id, @RequestParam(defaultValue = "true") boolean plan, Authentication caller) {
        if (plan) {
            return ResponseEntity.ok(actions.rollbackPlan(id));
        }
        ActionReport report = actions.rollback(id, caller.getName());
        return ResponseEntity.status(report.conflicts().isEmpty() ? HttpStatus.OK : HttpStatus.CONFLICT).body(report);
    }

    private Job job(RouteInfo route, JobRun last, Map<String, Long> pending) {
        return new Job(route.id(), route.file(), route.line(), last == null ? null : Run.of(last), pending.getOrDefault(route.id(), 0L));
    }

    private RouteInfo route(String name) {
        return workspace.routes().stream().filter(route -> route.id().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchJobException(name, workspace.routes().stream().map(RouteInfo::id).toList()));
    }

    /** An unknown job name: 404 with the names there are. */
    static final class NoSuchJobException extends RuntimeException {
        NoSuchJobException(String name, List<String> known) {
            super("There is no job " + name + " in this workspace; the jobs are "
                    + (known.isEmpty() ? "none" : known.stream().sorted().collect(Collectors.joining(", "))));
        }
    }
}

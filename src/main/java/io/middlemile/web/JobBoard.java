package io.middlemile.web;

import io.middlemile.store.JobRun;
import io.middlemile.store.RetryQueue;
import io.middlemile.store.RunStore;
import io.middlemile.workspace.RouteInfo;
import io.middlemile.workspace.Workspace;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The jobs and their runs as an operator sees them, the same for the REST API ({@link RunsController}) and the
 * console: what `middlemile jobs` lists, with whether each job runs on its schedule in this engine.
 */
@Component
public class JobBoard {

    private final Workspace workspace;
    private final RunStore runs;
    private final RetryQueue retries;
    private final JobTriggers triggers;

    public JobBoard(Workspace workspace, RunStore runs, RetryQueue retries, JobTriggers triggers) {
        this.workspace = workspace;
        this.runs = runs;
        this.retries = retries;
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

    /**
     * A job (a route of the workspace), where it is declared, its last run and its failed records waiting for a retry.
     *
     * @param started true when the job's route is started in this engine (it runs on its schedule and on "run now");
     *                false for a job marked {@code autoStartup: false}, which runs only from the CLI
     */
    public record Job(String name, String file, int line, Run lastRun, long pendingRetries, boolean started) {
    }

    public List<Job> jobs() {
        Map<String, JobRun> last = runs.latestPerJob().stream().collect(Collectors.toMap(JobRun::job, Function.identity()));
        Map<String, Long> pending = retries.pendingCounts();
        return workspace.routes().stream().map(route -> job(route, last.get(route.id()), pending)).toList();
    }

    /** The job's latest runs, newest first (1 to 500); an unknown job is a {@link NoSuchJobException}. */
    public List<Run> history(String name, int limit) {
        route(name);
        return runs(name, limit);
    }

    /**
     * The latest runs under a run name, newest first (1 to 500), whether or not the workspace declares it as a job: a
     * review approval or a rollback runs as {@code review:JOB} or {@code rollback:RUN}.
     */
    public List<Run> runs(String name, int limit) {
        return runs.history(name, Paging.limit(limit, MAX_RUNS)).stream().map(Run::of).toList();
    }

    /** How many runs a list holds at most. */
    static final int MAX_RUNS = 500;

    /**
     * The latest runs across jobs, newest first (1 to 500): what ran lately, or what failed since the night began.
     *
     * @param status a run status (running, succeeded, failed, paused, halted, planned), or null for any
     * @param since  a time ({@code 2026-12-04T02:00:00Z}) or a duration back from now ({@code PT1H}, {@code P1D}), or null
     */
    public List<Run> recent(String status, String since, int limit) {
        JobRun.Status wanted = null;
        if (status != null && !status.isBlank()) {
            wanted = Arrays.stream(JobRun.Status.values()).filter(s -> s.db().equals(status.strip().toLowerCase()))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("status=" + status + " is not a run status; use "
                            + Arrays.stream(JobRun.Status.values()).map(JobRun.Status::db).collect(Collectors.joining(", "))));
        }
        return runs.recent(wanted, since == null || since.isBlank() ? null : startedSince(since.strip()), Paging.limit(limit, MAX_RUNS)).stream()
                .map(Run::of).toList();
    }

    /**
     * The longest duration back from now {@code since} takes, and the times it takes: a century back, and four-digit years,
     * well within the state store's timestamps (P99999999D reached 271760 BC, which the database refused with a 500).
     */
    static final Duration LONGEST_SINCE = Duration.ofDays(36_500);
    static final Instant EARLIEST_SINCE = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST_SINCE = Instant.parse("9999-12-31T23:59:59Z");

    private static Instant startedSince(String since) {
        String range = "give a duration back from now from PT0S to P36500D (PT1H for the last hour, P1D for the last day) or a"
                + " time from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z (2026-12-04T02:00:00Z)";
        if (since.startsWith("P") || since.startsWith("p")) {
            Duration back;
            try {
                back = Duration.parse(since);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("since=" + since + " is not a duration this call takes: " + range);
            }
            // a negative duration is a time to come, which no run started after: it would answer nothing, silently
            if (back.isNegative() || back.compareTo(LONGEST_SINCE) > 0) {
                throw new IllegalArgumentException("since=" + since + " is out of range: " + range);
            }
            return Instant.now().minus(back);
        }
        Instant time;
        try {
            time = Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("since=" + since + " is neither a time (2026-12-04T02:00:00Z) nor a duration back from"
                    + " now (PT1H for the last hour, P1D for the last day)");
        }
        if (time.isBefore(EARLIEST_SINCE) || time.isAfter(LATEST_SINCE)) {
            throw new IllegalArgumentException("since=" + since + " is out of range: " + range);
        }
        return time;
    }

    public Optional<Run> run(long id) {
        return runs.find(id).map(Run::of);
    }

    /** The job's route; an unknown name is a {@link NoSuchJobException} that lists the jobs there are. */
    public RouteInfo route(String name) {
        return workspace.routes().stream().filter(route -> route.id().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchJobException(name, workspace.routes().stream().map(RouteInfo::id).toList()));
    }

    private Job job(RouteInfo route, JobRun last, Map<String, Long> pending) {
        return new Job(route.id(), route.file(), route.line(), last == null ? null : Run.of(last), pending.getOrDefault(route.id(), 0L),
                triggers.started(route.id()));
    }

    /** An unknown job name: 404 with the names there are. */
    public static final class NoSuchJobException extends RuntimeException {
        NoSuchJobException(String name, List<String> known) {
            super("There is no job " + name + " in this workspace; the jobs are "
                    + (known.isEmpty() ? "none" : known.stream().sorted().collect(Collectors.joining(", "))));
        }
    }
}

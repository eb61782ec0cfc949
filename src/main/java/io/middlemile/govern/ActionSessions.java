package io.middlemile.govern;

import io.middlemile.connector.Connector;
import io.middlemile.store.JobLock;
import io.middlemile.store.JobRun;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs the write-path commands besides job runs as {@link ActionSession}s: one at a time per job
 * name, each recorded as a run of its own that ends as {@link RunOutcome} says, the same as a job run
 * stopped by the same failure: succeeded, paused (a spent provider quota), halted (kill switch, cap) or
 * failed. A stop for a known reason is thrown as a {@link RunStoppedException} with that outcome. The run records what its
 * session did to each record ({@link ActionSession.Tally#recordOutcomes}) and counts it, so its page lists the records by
 * outcome as a job run's does; conflicts and records the target or the policy refused are its rejected records, and its
 * {@code error} says how many (the run still succeeded: the rest was done).
 *
 * <p>A session whose job lock another command holds (in this process or another) waits for it, up to {@link #WAIT}.
 * Waiting, not refusing at once, is what a person clicking through the review queue expects: two approvals of one
 * agent's items (or one job's) share the lock {@code review:agent:NAME}, each holds it for one record's write, and the
 * second click should be decided a moment later, not answered "busy, try again". Past the wait the command is refused
 * with a {@link LockHeldException}, having done nothing. A command that must decide something under the lock (is the
 * item still pending? is anything of the run left to undo?) takes it with {@link #exclusively}, and its session runs
 * under the lock it holds.
 */
final class ActionSessions {

    /** How long a command waits for its job's lock; one record's write, or a short rollback, takes less. */
    static final Duration WAIT = Duration.ofSeconds(15);
    /** How often a waiting command asks for the lock again. */
    private static final long POLL_MILLIS = 100;

    final Governance governance;
    final Function<String, Connector> opener;
    private final Duration wait;
    /** The job locks this thread holds through {@link #exclusively}; a session of such a job runs under it. */
    private final ThreadLocal<Set<String>> held = ThreadLocal.withInitial(HashSet::new);

    ActionSessions(Governance governance, Function<String, Connector> opener) {
        this(governance, opener, WAIT);
    }

    /** @param wait how long a command waits for a job lock that is held (tests wait less) */
    ActionSessions(Governance governance, Function<String, Connector> opener, Duration wait) {
        this.governance = governance;
        this.opener = opener;
        this.wait = wait;
    }

    /**
     * Runs {@code body} holding {@code job}'s lock, waiting for it as a session does. What {@code body} checks (the
     * review item is still pending, something of the run is left to undo) cannot change under it by another command of the
     * same job, in this process or another, and a session of {@code job} that {@code body} runs uses the lock held.
     *
     * @throws LockHeldException when another command held the lock for longer than the wait; nothing was done
     */
    <T> T exclusively(String job, Supplier<T> body) {
        Set<String> mine = held.get();
        if (mine.contains(job)) {
            return body.get();
        }
        try (JobLock lock = lock(job)) {
            mine.add(job);
            try {
                return body.get();
            } finally {
                mine.remove(job);
                if (mine.isEmpty()) {
                    held.remove(); // nothing left on the server's pooled thread
                }
            }
        }
    }

    private JobLock lock(String job) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<JobLock> lock = governance.runs.tryLock(job);
            if (lock.isPresent()) {
                return lock.get();
            }
            if (System.nanoTime() >= deadline) {
                throw new LockHeldException(job, wait);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                // the engine is stopping: stop waiting, having done nothing
                Thread.currentThread().interrupt();
                throw new LockHeldException(job, wait);
            }
        }
    }

    /**
     * @param job      the lock and run name, e.g. {@code apply:import-contacts}
     * @param kind     the run's kind: apply, review or rollback
     * @param source   what the journal's decision column names, e.g. {@code review #12}
     * @param approval a person's approval that stands for the review a rule asks for, or null
     */
    ActionReport run(String job, String kind, String source, String approval, ActionSession.Work work) {
        return run(job, kind, source, approval, null, work);
    }

    /** @param actor who asks for the session's writes, or null for the session's own name ({@code job:JOB}) */
    ActionReport run(String job, String kind, String source, String approval, Actor actor, ActionSession.Work work) {
        return exclusively(job, () -> {
            JobRun run = governance.runs.start(job, "-", "-", governance.workspaceVersion, kind);
            ActionSession session = new ActionSession(governance, run, opener, source, approval);
            if (actor != null) {
                session.writes.actor(actor);
            }
            ActionSession.Tally tally = new ActionSession.Tally();
            boolean recorded = false;
            try {
                work.run(session, tally);
                session.writes.complete();
                governance.runs.recordOutcomes(run.id(), tally.recordOutcomes());
                recorded = true;
                governance.runs.finish(run.id(), JobRun.Status.SUCCEEDED, tally.summary());
            } catch (RuntimeException e) {
                RunOutcome outcome = RunOutcome.of(e);
                String summary = tally.summary();
                try {
                    // what the session did before it stopped is the run's too (its writes are in the journal)
                    if (!recorded) {
                        governance.runs.recordOutcomes(run.id(), tally.recordOutcomes());
                    }
                } catch (RuntimeException unrecorded) {
                    e.addSuppressed(unrecorded);
                }
                governance.runs.finish(run.id(), outcome.status(), summary == null ? outcome.message() : outcome.message() + "; " + summary);
                if (RunOutcome.classified(e) != null) {
                    throw new RunStoppedException(job, run.id(), outcome, e);
                }
                throw e;
            } finally {
                session.close();
            }
            return tally.report(run.id());
        });
    }
}

package io.middlemile.govern;

import io.middlemile.connector.Connector;
import io.middlemile.store.JobLock;
import io.middlemile.store.JobRun;

import java.util.Optional;
import java.util.function.Function;

/**
 * Runs the write-path commands besides job runs as {@link ActionSession}s: one at a time per job
 * name, each recorded as a run of its own that ends as {@link RunOutcome} says, the same as a job run
 * stopped by the same failure: succeeded, paused (a spent provider quota), halted (kill switch, cap) or
 * failed. A stop for a known reason is thrown as a {@link RunStoppedException} with that outcome.
 */
final class ActionSessions {

    final Governance governance;
    final Function<String, Connector> opener;

    ActionSessions(Governance governance, Function<String, Connector> opener) {
        this.governance = governance;
        this.opener = opener;
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
        Optional<JobLock> lock = governance.runs.tryLock(job);
        if (lock.isEmpty()) {
            throw new IllegalStateException(job + " is already running in another process; wait for it to finish");
        }
        try (JobLock held = lock.get()) {
            JobRun run = governance.runs.start(job, "-", "-", governance.workspaceVersion, kind);
            ActionSession session = new ActionSession(governance, run, opener, source, approval);
            if (actor != null) {
                session.writes.actor(actor);
            }
            ActionSession.Tally tally = new ActionSession.Tally();
            try {
                work.run(session, tally);
                session.writes.complete();
                governance.runs.finish(run.id(), JobRun.Status.SUCCEEDED, null);
            } catch (RuntimeException e) {
                RunOutcome outcome = RunOutcome.of(e);
                governance.runs.finish(run.id(), outcome.status(), outcome.message());
                if (RunOutcome.classified(e) != null) {
                    throw new RunStoppedException(job, run.id(), outcome, e);
                }
                throw e;
            } finally {
                session.close();
            }
            return tally.report(run.id());
        }
    }
}

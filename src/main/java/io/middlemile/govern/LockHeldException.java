package io.middlemile.govern;

import java.time.Duration;

/**
 * A write-path command (a review decision, a rollback, an apply, an agent's call) whose job lock another command of the
 * same job held for longer than the command waits for it: a long rollback, an agent's long enrichment, or the same
 * command in another engine process. Nothing was done and no run was recorded; the same request made again once the
 * other one ended goes through. An {@link IllegalStateException}, as it was before it had a type of its own, so the CLI
 * prints its message as it did; the REST API answers it 409.
 */
public class LockHeldException extends IllegalStateException {

    private final String job;

    public LockHeldException(String job, Duration waited) {
        super(job + " is already running (another approval, rejection, rollback, apply or agent call of it, in this engine or"
                + " another process) and did not finish within " + waited.toSeconds() + " s. Nothing was done; try again in a"
                + " moment, once it has finished (`middlemile jobs`, or GET /api/runs?status=running, shows what runs)");
        this.job = job;
    }

    /** As another command holding the lock, told in {@code message}: what kept this one from it, and what to do. */
    public LockHeldException(String job, String message) {
        super(message);
        this.job = job;
    }

    /** The job whose lock is held, e.g. {@code review:import-contacts} or {@code rollback:42}. */
    public String job() {
        return job;
    }
}

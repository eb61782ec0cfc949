package io.middlemile.govern;

/**
 * A run stopped because its engine is shutting down (Ctrl-C, SIGTERM, a node leaving the cluster) while it was on a page:
 * nothing of that page was committed. Not a failure of the job: the run pauses and its next run continues it from the
 * last page committed ({@link RunOutcome}).
 */
public final class EngineStopping extends RuntimeException {

    public EngineStopping(String message, Throwable cause) {
        super(message, cause);
    }
}

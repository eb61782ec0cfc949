package io.middlemile.govern;

/** A run id that names no run of this state store (a typo, or another workspace's run): nothing is done for it. */
public class UnknownRunException extends IllegalArgumentException {

    private final long runId;

    public UnknownRunException(long runId) {
        super("There is no run " + runId + " in this workspace's state store; `middlemile jobs` shows each job's last run,"
                + " and the console's runs page (GET /api/jobs/NAME/runs) every run of a job");
        this.runId = runId;
    }

    public long runId() {
        return runId;
    }
}

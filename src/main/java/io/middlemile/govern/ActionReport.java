package io.middlemile.govern;

import java.util.List;

/**
 * What an apply, review decision or rollback did, for the CLI and the REST API.
 *
 * @param runId     the run that recorded its writes (0 when nothing was written)
 * @param written   writes made
 * @param skipped   writes not needed (the target already held the values)
 * @param conflicts writes not made because the target changed since (plan, review or run), each explained
 * @param refused   writes the policy refused or parked, or that cannot be undone, each explained
 * @param notes     what was done only in part (a merge undone by re-creating the record), each explained
 * @param failed    of {@code refused}, the writes the target itself refused (an error answered, a value it rejects): what
 *                  was asked for was not done, unlike a step nobody can undo (a message sent), which is only reported
 */
public record ActionReport(long runId, long written, long skipped, List<String> conflicts, List<String> refused, List<String> notes,
                           long failed) {

    /** Everything asked for was done or needed no doing: no conflict, and no write the target refused. */
    public boolean complete() {
        return conflicts.isEmpty() && failed == 0;
    }
}

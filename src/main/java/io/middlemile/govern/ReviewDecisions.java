package io.middlemile.govern;

import io.middlemile.connector.TargetRecord;
import io.middlemile.model.SourceRef;
import io.middlemile.store.ReviewItem;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A person's decision on a parked write. An approved write goes through the write path with the
 * approval standing for the review its rule asked for (a deny still refuses it); a target changed
 * since the write was parked is a conflict, and the item says so.
 */
final class ReviewDecisions {

    private final ActionSessions sessions;

    ReviewDecisions(ActionSessions sessions) {
        this.sessions = sessions;
    }

    /**
     * @throws UnknownReviewException  when there is no such item
     * @throws AlreadyDecidedException when it was decided (or expired) before, a moment before included
     * @throws LockHeldException       when another decision of the same job's items held its lock for longer than the wait
     */
    ActionReport approve(long reviewId, String by, String note) {
        sessions.governance.reviews.expire();
        // decided under the lock every decision on the job's items takes (the approval's session runs under it): a double
        // click or a second operator waits for the first decision and then finds the item decided, instead of writing it
        // again or recording a conflict with its own write
        return underItsJobsLock(reviewId, item -> approvePending(item, by, note));
    }

    /**
     * {@code decision} on the pending item, under the review lock of the job whose item it is. A run of another job that
     * parks the same change takes a waiting item over (it is that job's then), without any lock: an item found taken over
     * once the lock is held is decided under its new job's lock instead, as that job's rollback withdraws it under that one.
     * Null from {@code decision}: the item was taken over before it could be claimed; asked again.
     */
    private <T> T underItsJobsLock(long reviewId, java.util.function.Function<ReviewItem, T> decision) {
        ReviewItem found = find(reviewId);
        for (int attempt = 1; ; attempt++) {
            String locked = lock(found);
            T decided = sessions.exclusively(locked, () -> {
                ReviewItem item = pending(reviewId);
                return lock(item).equals(locked) ? decision.apply(item) : null;
            });
            if (decided != null) {
                return decided;
            }
            found = find(reviewId);
            if (attempt == 10) {
                throw new LockHeldException(lock(found), "Review item #" + reviewId + " was parked again by one run after another"
                        + " while it was being decided (each time another job's, whose review lock it then needed). Nothing was"
                        + " done; decide it again in a moment");
            }
        }
    }

    private ActionReport approvePending(ReviewItem item, String by, String note) {
        long reviewId = item.id();
        if (item.action().equals(WriteAction.SPEND.id()) || item.action().equals(WriteAction.SEND.id())) {
            // a lookup or a send is not something to replay from here: whoever meets it again (the job's next run, the agent's
            // next call) makes it, once, after the checks of that moment (suppression, the accounts' caps)
            boolean send = item.action().equals(WriteAction.SEND.id());
            // a rollback's campaign removal is made by no job run: by the same rollback run again (CampaignRemoval)
            String who = item.actor() != null && item.actor().startsWith("agent:") ? item.actor() + "'s next call for this record"
                    : item.job() != null && item.job().startsWith(Rollback.JOB) ? "running `middlemile rollback "
                    + item.job().substring(Rollback.JOB.length()) + " --remove-from-campaign` again (no job run makes it)"
                    : "the next run of job " + item.job();
            String next = send ? who + " makes this send (" + item.after().get("send") + " to " + item.after().get("to") + " through "
                    + item.connection() + "), after suppression and the account's caps are checked again"
                    : who + " makes this lookup at " + item.connection() + " (up to " + item.after().get("maxCredits") + " credits)";
            decide(reviewId, ReviewItem.Status.APPROVED, by, note == null || note.isBlank() ? next : note, null);
            return new ActionReport(0, 0, 0, List.of(), List.of(), List.of(next), 0);
        }
        // the item is this approval's until its decision is recorded: no run of another job takes it over meanwhile (whose
        // rollback, under that job's lock, would withdraw what this approval is writing), nor does it expire under it
        if (!sessions.governance.reviews.claim(reviewId, by, item.job())) {
            ReviewItem now = find(reviewId);
            if (now.status() == ReviewItem.Status.PENDING) {
                return null; // taken over a moment ago: decided under its new job's lock
            }
            throw new AlreadyDecidedException(now);
        }
        ActionReport result;
        try {
            result = approveClaimed(item, by);
        } catch (RuntimeException | Error e) {
            sessions.governance.reviews.release(reviewId);
            throw e;
        }
        boolean conflicted = !result.conflicts().isEmpty();
        sessions.governance.reviews.settleClaimed(reviewId, conflicted ? ReviewItem.Status.CONFLICT : ReviewItem.Status.APPROVED, by,
                conflicted ? String.join("; ", result.conflicts()) : note, result.runId() == 0 ? null : result.runId());
        return result;
    }

    /** Writes a claimed item's change through the write path, under the job's review lock; its decision is the caller's. */
    private ActionReport approveClaimed(ReviewItem item, String by) {
        long reviewId = item.id();
        return sessions.run(lock(item), "review", "review #" + reviewId,
                "approved review #" + reviewId + " by " + by, item.actor() == null ? null : Actor.parse(item.actor()), (session, tally) -> {
            if (item.action().equals(WriteAction.MERGE.id())) {
                // the merge path snapshots both records again; no field-level conflict to check
                tally.count(session.writes.merge(item.connection(), item.object(), String.valueOf(item.after().get("mergedInto")),
                        List.of(item.recordKey()), ((Number) item.after().get("confidence")).doubleValue()));
                return;
            }
            Map<String, Map<String, Object>> current = session.current(item.connection(), item.object(), List.of(item.recordKey()));
            Optional<String> conflict = Conflicts.of(item.action(), item.before(), item.after(),
                    current == null ? null : current.get(item.recordKey()), current != null);
            if (conflict.isPresent()) {
                tally.conflict(item.connection(), item.object(), item.recordKey(), conflict.get());
                return;
            }
            SourceRef ref = new SourceRef(item.connection(), item.object(), item.recordKey());
            if (item.action().equals(WriteAction.ARCHIVE.id())) {
                // archived as parked: the record is the same as when the delete was seen (checked above)
                tally.count(session.to(item.connection(), item.object()).archive(item.connection(), item.object(),
                        List.of(item.recordKey()), ref));
                return;
            }
            tally.count(session.to(item.connection(), item.object()).write(item.connection(), item.object(),
                    List.of(new TargetRecord(item.object(), item.recordKey(), item.after(), ref)), Collections.singletonList(item.reason())));
        });
    }

    /** Nothing is written. Thrown as {@link #approve} throws. */
    void reject(long reviewId, String by, String note) {
        sessions.governance.reviews.expire();
        // under the same lock as an approval: a rejection while the item is being approved waits, then finds it approved
        underItsJobsLock(reviewId, item -> {
            decide(reviewId, ReviewItem.Status.REJECTED, by, note, null);
            return Boolean.TRUE;
        });
    }

    /**
     * The lock every decision on the job's (or agent's) parked writes takes, and its approval's session runs under; a rollback
     * withdrawing them takes it too.
     */
    static String lock(ReviewItem item) {
        return "review:" + item.job();
    }

    /** Records a decision; an item decided meanwhile (it expired) is refused as decided. */
    private void decide(long id, ReviewItem.Status status, String by, String note, Long appliedRunId) {
        if (!sessions.governance.reviews.decide(id, status, by, note, appliedRunId)) {
            throw new AlreadyDecidedException(find(id));
        }
    }

    private ReviewItem find(long id) {
        return sessions.governance.reviews.find(id).orElseThrow(() -> new UnknownReviewException(id));
    }

    private ReviewItem pending(long id) {
        ReviewItem item = find(id);
        if (item.status() != ReviewItem.Status.PENDING) {
            throw new AlreadyDecidedException(item);
        }
        return item;
    }
}

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

    ActionReport approve(long reviewId, String by, String note) {
        sessions.governance.reviews.expire();
        ReviewItem item = pending(reviewId);
        if (item.action().equals(WriteAction.SPEND.id()) || item.action().equals(WriteAction.SEND.id())) {
            // a lookup or a send is not something to replay from here: whoever meets it again (the job's next run, the agent's
            // next call) makes it, once, after the checks of that moment (suppression, the accounts' caps)
            boolean send = item.action().equals(WriteAction.SEND.id());
            String who = item.actor() != null && item.actor().startsWith("agent:") ? item.actor() + "'s next call for this record"
                    : "the next run of job " + item.job();
            String next = send ? who + " makes this send (" + item.after().get("send") + " to " + item.after().get("to") + " through "
                    + item.connection() + "), after suppression and the account's caps are checked again"
                    : who + " makes this lookup at " + item.connection() + " (up to " + item.after().get("maxCredits") + " credits)";
            sessions.governance.reviews.decide(reviewId, ReviewItem.Status.APPROVED, by, note == null || note.isBlank() ? next : note, null);
            return new ActionReport(0, 0, 0, List.of(), List.of(), List.of(next));
        }
        ActionReport result = sessions.run("review:" + item.job(), "review", "review #" + reviewId,
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
                tally.conflicts.add(item.connection() + "/" + item.object() + "/" + item.recordKey() + ": " + conflict.get());
                return;
            }
            SourceRef ref = new SourceRef(item.connection(), item.object(), item.recordKey());
            tally.count(session.to(item.connection(), item.object()).write(item.connection(), item.object(),
                    List.of(new TargetRecord(item.object(), item.recordKey(), item.after(), ref)), Collections.singletonList(item.reason())));
        });
        boolean conflicted = !result.conflicts().isEmpty();
        sessions.governance.reviews.decide(reviewId, conflicted ? ReviewItem.Status.CONFLICT : ReviewItem.Status.APPROVED, by,
                conflicted ? String.join("; ", result.conflicts()) : note, result.runId() == 0 ? null : result.runId());
        return result;
    }

    /** Nothing is written. */
    void reject(long reviewId, String by, String note) {
        sessions.governance.reviews.expire();
        pending(reviewId);
        sessions.governance.reviews.decide(reviewId, ReviewItem.Status.REJECTED, by, note, null);
    }

    private ReviewItem pending(long id) {
        ReviewItem item = sessions.governance.reviews.find(id)
                .orElseThrow(() -> new IllegalArgumentException("There is no review item #" + id + "; `middlemile review list` shows them"));
        if (item.status() != ReviewItem.Status.PENDING) {
            throw new IllegalArgumentException("Review item #" + id + " is " + item.status().wire() + " already (decided "
                    + item.decidedAt() + " by " + item.decidedBy() + "); only pending items can be decided");
        }
        return item;
    }
}

package io.middlemile.govern;

import io.middlemile.store.ReviewItem;

import java.time.temporal.ChronoUnit;

/**
 * A review item that is no longer pending: someone decided it (or it expired) before this decision, often a moment before
 * (a double click, two operators on one queue), or a rollback of the run that parked it withdrew it. Nothing is done for
 * it. An {@link IllegalArgumentException}, as the refusal was before it had a type of its own, so `middlemile review
 * approve|reject` prints it as before; the REST API answers it 409.
 */
public class AlreadyDecidedException extends IllegalArgumentException {

    private final ReviewItem item;

    public AlreadyDecidedException(ReviewItem item) {
        super(item.status() == ReviewItem.Status.WITHDRAWN ? withdrawn(item)
                : "Review item #" + item.id() + " " + decided(item) + "; nothing was done now. Only a pending item can be decided;"
                + " `middlemile review show " + item.id() + "` (GET /api/reviews/" + item.id() + ") shows the decision");
        this.item = item;
    }

    /**
     * A withdrawn item: the run that parked it was rolled back (before anyone decided the item, or after a person approved a
     * send or lookup no run had made yet), and making it would make part of an undone change. Says
     * which rollback withdrew it and what makes the change after all (as its note does).
     */
    private static String withdrawn(ReviewItem item) {
        String when = item.decidedAt() == null ? "" : " at " + item.decidedAt().truncatedTo(ChronoUnit.SECONDS);
        return "Review item #" + item.id() + " (" + item.action() + " of " + item.connection() + "/" + item.object() + "/"
                + item.recordKey() + ") was withdrawn" + when + (item.decidedBy() == null ? "" : " by " + item.decidedBy())
                + ": run " + item.runId() + ", which parked it, was rolled back " + (approvedBefore(item)
                ? "after it was approved and before any run made it, so no run makes it: making it would make part of an undone"
                + " change" : "before anyone decided it, so approving it would make part of an undone change")
                + ". Nothing was done now. If the change is still wanted, " + Rollback.again(item);
    }

    /** A withdrawn item a person had approved (a send or a lookup no run had made yet): its note begins so. */
    private static boolean approvedBefore(ReviewItem item) {
        return item.note() != null && item.note().startsWith(Rollback.WITHDRAWN_AFTER_APPROVAL);
    }

    /** The item as it is now, decided. */
    public ReviewItem item() {
        return item;
    }

    private static String decided(ReviewItem item) {
        String when = item.decidedAt() == null ? "" : "at " + item.decidedAt().truncatedTo(ChronoUnit.SECONDS);
        String by = item.decidedBy() == null ? "" : " by " + item.decidedBy();
        return switch (item.status()) {
            case EXPIRED -> "is expired already (nobody decided it before it expired" + (when.isEmpty() ? "" : " " + when) + ")";
            case CONFLICT -> "is decided already (approved " + when + by + ", and not written: the target had changed since it was"
                    + " parked)";
            default -> "is " + item.status().wire() + " already (decided " + when + by + ")";
        };
    }
}

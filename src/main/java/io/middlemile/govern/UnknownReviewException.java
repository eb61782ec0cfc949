package io.middlemile.govern;

/** A review id that names no review item of this state store (a typo, another workspace's item): nothing is decided. */
public class UnknownReviewException extends IllegalArgumentException {

    public UnknownReviewException(long id) {
        super("There is no review item #" + id + "; `middlemile review list` (GET /api/reviews) lists those waiting, and"
                + " GET /api/reviews?status=all every one");
    }
}

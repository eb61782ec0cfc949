package io.middlemile.web;

/**
 * The API's list sizes and page offsets, checked the same way on every endpoint: a value out of range is refused with
 * the range (400), not quietly changed. {@code limit=-5} used to answer one run and {@code limit=9000} five hundred, so a
 * script paging with them could not tell it had been given something else than it asked for.
 */
final class Paging {

    private Paging() {
    }

    /** {@code limit} when it is 1 to {@code most}, the endpoint's largest answer. */
    static int limit(int limit, int most) {
        if (limit < 1 || limit > most) {
            throw new IllegalArgumentException("limit=" + limit + " is out of range: give 1 to " + most);
        }
        return limit;
    }

    /** {@code offset} when it is 0 or more. */
    static int offset(int offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset=" + offset + " is out of range: give 0 (the first item) or more");
        }
        return offset;
    }
}

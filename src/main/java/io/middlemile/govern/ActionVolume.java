package io.middlemile.govern;

/**
 * How many writes of one action a connection has taken: what a rule's {@code volumeOver} and
 * {@code todayOver}, and a cap's {@code perRun} and {@code perDay}, are compared with.
 *
 * @param thisRun      writes of the action this run made here so far
 * @param earlierToday writes of the action applied here today (UTC) before this run; 0 when not looked up
 */
record ActionVolume(long thisRun, long earlierToday) {

    /** Everything made here today, this run included. */
    long today() {
        return earlierToday + thisRun;
    }
}

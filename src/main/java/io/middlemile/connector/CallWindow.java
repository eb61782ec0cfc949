package io.middlemile.connector;

import java.util.function.Supplier;

/**
 * At most a number of calls in any rolling window, the way HubSpot counts its searches per second. A provider counts a
 * call at some moment between our send and our receipt of its answer, and we cannot know which; so each call holds its
 * place in the window from before it is sent until a full window after its answer came back. That is exact whatever
 * the network and scheduling delays, and costs one call's duration per window. Where the places are counted is the
 * {@link Budgets}' business: in this process, or in PostgreSQL for every node of a cluster. Thread-safe.
 */
public interface CallWindow {

    /**
     * Waits for a place (at most the window's wait), runs the call in it and frees the place a window after the call
     * ended, however it ended.
     *
     * @throws BudgetExhausted when no place freed up within the wait
     */
    <T> T call(Supplier<T> call);
}

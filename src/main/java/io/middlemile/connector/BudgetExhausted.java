package io.middlemile.connector;

/** No permit of a connection's budget freed up within the wait: the calls are asking for more than the budget allows. */
public final class BudgetExhausted extends RuntimeException {

    public BudgetExhausted(String budget, java.time.Duration waited) {
        super("no permit of budget " + budget + " became free within " + waited.toMillis() + " ms");
    }
}

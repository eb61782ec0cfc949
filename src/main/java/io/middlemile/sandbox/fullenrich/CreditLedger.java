package io.middlemile.sandbox.fullenrich;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The workspace's credits: the balance, what was spent, and FullEnrich's duplicate rule
 * (https://help.fullenrich.com/en/articles/9498179-will-i-be-charged-for-duplicate-contacts): a value already paid
 * for in the last 3 months is not charged again, except within the same enrichment or one running at the same time
 * (an enrichment that was submitted before the earlier charge was made).
 */
final class CreditLedger {

    static final Duration DUPLICATE_WINDOW = Duration.ofDays(90);

    private double balance;
    private double spent;
    /** When, and by which enrichment, a value was last charged. */
    private record Charge(Instant at, String enrichment) {
    }

    /** "person|value" to its last charge. */
    private final Map<String, Charge> charged = new HashMap<>();

    CreditLedger(double balance) {
        this.balance = balance;
    }

    /**
     * What a value costs enrichment {@code enrichment}, submitted at {@code submittedAt}: free when another enrichment paid
     * for it by then (not after: that one ran at the same time), within 3 months.
     */
    synchronized double price(String person, String value, double listPrice, String enrichment, Instant submittedAt) {
        Charge last = charged.get(person + "|" + value);
        boolean duplicate = last != null && !last.enrichment().equals(enrichment) && !last.at().isAfter(submittedAt)
                && !last.at().isBefore(submittedAt.minus(DUPLICATE_WINDOW));
        return duplicate ? 0 : listPrice;
    }

    synchronized boolean canPay(double credits) {
        return balance >= credits;
    }

    /** Charges a value found (at its price, possibly 0 for a duplicate), recording it for the duplicate rule. */
    synchronized void charge(String person, String value, double credits, String enrichment, Instant at) {
        balance -= credits;
        spent += credits;
        if (credits > 0) {
            charged.put(person + "|" + value, new Charge(at, enrichment));
        }
    }

    synchronized double balance() {
        return balance;
    }

    synchronized double spent() {
        return spent;
    }

    synchronized void setBalance(double credits) {
        balance = credits;
    }
}

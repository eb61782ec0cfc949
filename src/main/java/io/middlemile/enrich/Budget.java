package io.middlemile.enrich;

import io.middlemile.workspace.EnrichConfig;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a run may still spend: the waterfall's limits against what was spent before the run (today, this month,
 * per connection, read from the store once) and during it. Pure and thread-safe; {@link #reserve} is asked before
 * every lookup with the most it can cost, {@link #settle} is told what it did cost.
 */
final class Budget {

    /** What was spent before this run, per UTC day and month: overall (cost) and per connection (credits). */
    record Before(double costToday, double costThisMonth, Map<String, Double> creditsToday, Map<String, Double> creditsThisMonth) {
    }

    private final Waterfall waterfall;
    private final Before before;
    private double costThisRun;
    private final Map<String, Double> creditsThisRun = new HashMap<>();
    private double reservedCost;
    private final Map<String, Double> reservedCredits = new HashMap<>();

    Budget(Waterfall waterfall, Before before) {
        this.waterfall = waterfall;
        this.before = before;
    }

    /**
     * Why a lookup cannot be made now.
     *
     * @param heldOnly the lookup would fit if nothing were held for lookups under way: it was refused for money that is
     *                 not spent, only set aside, and may fit once those lookups settle at what they did cost
     */
    record Refusal(String reason, boolean heldOnly) {
    }

    /**
     * Reserves what a lookup may cost at most, or says why it cannot be made (null when reserved). Reservations
     * count against every limit until {@link #settle} replaces them by what the lookup did cost, so lookups in flight
     * at once (a chunk of 25, groups asked side by side) cannot overshoot a budget together.
     *
     * @param recordCost what the record already cost this run
     */
    synchronized Refusal reserve(String connection, double maxCredits, double recordCost) {
        double heldCredits = reservedCredits.getOrDefault(connection, 0.0);
        String reason = refusal(connection, maxCredits, recordCost, reservedCost, heldCredits);
        if (reason != null) {
            return new Refusal(reason, refusal(connection, maxCredits, recordCost, 0, 0) == null);
        }
        reservedCost += maxCredits * waterfall.price(connection);
        reservedCredits.merge(connection, maxCredits, Double::sum);
        return null;
    }

    /** Why a lookup does not fit beside what was spent and what is held ({@code heldCost}, {@code heldCredits}); null when it fits. */
    private String refusal(String connection, double maxCredits, double recordCost, double heldCost, double heldCredits) {
        Limits limits = waterfall.limits();
        double cost = maxCredits * waterfall.price(connection);
        double run = costThisRun + heldCost;
        if (limits.perRecord() != null && recordCost + cost > limits.perRecord() + 1e-9) {
            return "per-record ceiling " + money(limits.perRecord()) + ": this record already cost " + money(recordCost)
                    + " and " + connection + " may cost " + money(cost) + " more";
        }
        // the messages tell what was spent apart from what is held: a hold is the most a lookup under way may cost, and
        // is released (to what it did cost) when its answer comes
        if (limits.perRun() != null && run + cost > limits.perRun() + 1e-9) {
            return "run budget " + money(limits.perRun()) + " reached (spent " + money(costThisRun)
                    + held(heldCost, money(heldCost)) + ")";
        }
        if (limits.perDay() != null && before.costToday() + run + cost > limits.perDay() + 1e-9) {
            return "daily budget " + money(limits.perDay()) + " reached (spent " + money(before.costToday() + costThisRun)
                    + " today, UTC" + held(heldCost, money(heldCost)) + ")";
        }
        if (limits.perMonth() != null && before.costThisMonth() + run + cost > limits.perMonth() + 1e-9) {
            return "monthly budget " + money(limits.perMonth()) + " reached (spent " + money(before.costThisMonth() + costThisRun)
                    + " this month, UTC" + held(heldCost, money(heldCost)) + ")";
        }
        EnrichConfig.Credits credits = limits.providers().get(connection);
        if (credits != null) {
            double spentCredits = creditsThisRun.getOrDefault(connection, 0.0);
            double runCredits = spentCredits + heldCredits;
            if (credits.perRun() != null && runCredits + maxCredits > credits.perRun() + 1e-9) {
                return connection + " run budget of " + number(credits.perRun()) + " credits reached (spent " + number(spentCredits)
                        + held(heldCredits, number(heldCredits)) + ")";
            }
            double today = before.creditsToday().getOrDefault(connection, 0.0);
            if (credits.perDay() != null && today + runCredits + maxCredits > credits.perDay() + 1e-9) {
                return connection + " daily budget of " + number(credits.perDay()) + " credits reached (spent "
                        + number(today + spentCredits) + " today, UTC" + held(heldCredits, number(heldCredits)) + ")";
            }
            double month = before.creditsThisMonth().getOrDefault(connection, 0.0);
            if (credits.perMonth() != null && month + runCredits + maxCredits > credits.perMonth() + 1e-9) {
                return connection + " monthly budget of " + number(credits.perMonth()) + " credits reached (spent "
                        + number(month + spentCredits) + " this month, UTC" + held(heldCredits, number(heldCredits)) + ")";
            }
        }
        return null;
    }

    /**
     * Replaces a reservation by what the lookup cost (0 when it was not made); returns that cost in the waterfall's
     * currency.
     */
    synchronized double settle(String connection, double reserved, double credits) {
        reservedCost = Math.max(0, reservedCost - reserved * waterfall.price(connection));
        reservedCredits.merge(connection, -reserved, Double::sum);
        double cost = credits * waterfall.price(connection);
        costThisRun += cost;
        creditsThisRun.merge(connection, credits, Double::sum);
        return cost;
    }


    /** What is held for lookups under way, as a budget message adds it to what was spent; nothing when none is. */
    private static String held(double amount, String shown) {
        return amount > 1e-9 ? ", and " + shown + " held for lookups under way" : "";
    }

    static String money(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }
}

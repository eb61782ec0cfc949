package io.middlemile.enrich;

import io.middlemile.workspace.EnrichConfig;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a run may still spend: the waterfall's limits against what was spent before the run (today, this month,
 * per connection, read from the store once) and during it. Pure; {@link #refusal} is asked before every call with
 * the most the call can cost, {@link #spend} is told what it did cost.
 */
final class Budget {

    /** What was spent before this run, per UTC day and month: overall (cost) and per connection (credits). */
    record Before(double costToday, double costThisMonth, Map<String, Double> creditsToday, Map<String, Double> creditsThisMonth) {
    }

    private final Waterfall waterfall;
    private final Before before;
    private double costThisRun;
    private final Map<String, Double> creditsThisRun = new HashMap<>();

    Budget(Waterfall waterfall, Before before) {
        this.waterfall = waterfall;
        this.before = before;
    }

    /**
     * Why a lookup that may cost {@code maxCredits} of {@code connection} cannot be made, or null when it can.
     *
     * @param recordCost what the record already cost this run
     */
    String refusal(String connection, double maxCredits, double recordCost) {
        Limits limits = waterfall.limits();
        double cost = maxCredits * waterfall.price(connection);
        if (limits.perRecord() != null && recordCost + cost > limits.perRecord() + 1e-9) {
            return "per-record ceiling " + money(limits.perRecord()) + ": this record already cost " + money(recordCost)
                    + " and " + connection + " may cost " + money(cost) + " more";
        }
        if (limits.perRun() != null && costThisRun + cost > limits.perRun() + 1e-9) {
            return "run budget " + money(limits.perRun()) + " reached (spent " + money(costThisRun) + ")";
        }
        if (limits.perDay() != null && before.costToday() + costThisRun + cost > limits.perDay() + 1e-9) {
            return "daily budget " + money(limits.perDay()) + " reached (spent " + money(before.costToday() + costThisRun) + " today, UTC)";
        }
        if (limits.perMonth() != null && before.costThisMonth() + costThisRun + cost > limits.perMonth() + 1e-9) {
            return "monthly budget " + money(limits.perMonth()) + " reached (spent " + money(before.costThisMonth() + costThisRun)
                    + " this month, UTC)";
        }
        EnrichConfig.Credits credits = limits.providers().get(connection);
        if (credits != null) {
            double run = creditsThisRun.getOrDefault(connection, 0.0);
            if (credits.perRun() != null && run + maxCredits > credits.perRun() + 1e-9) {
                return connection + " run budget of " + number(credits.perRun()) + " credits reached (spent " + number(run) + ")";
            }
            double today = before.creditsToday().getOrDefault(connection, 0.0) + run;
            if (credits.perDay() != null && today + maxCredits > credits.perDay() + 1e-9) {
                return connection + " daily budget of " + number(credits.perDay()) + " credits reached (spent " + number(today) + " today, UTC)";
            }
            double month = before.creditsThisMonth().getOrDefault(connection, 0.0) + run;
            if (credits.perMonth() != null && month + maxCredits > credits.perMonth() + 1e-9) {
                return connection + " monthly budget of " + number(credits.perMonth()) + " credits reached (spent " + number(month)
                        + " this month, UTC)";
            }
        }
        return null;
    }

    /** Counts what a lookup cost; returns the cost in the waterfall's currency. */
    double spend(String connection, double credits) {
        double cost = credits * waterfall.price(connection);
        costThisRun += cost;
        creditsThisRun.merge(connection, credits, Double::sum);
        return cost;
    }

    double costThisRun() {
        return costThisRun;
    }

    static String money(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }
}

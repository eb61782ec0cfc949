package io.middlemile.enrich;

import io.middlemile.workspace.EnrichConfig;

import java.util.Map;

/**
 * A waterfall's spending limits as numbers: costs in its currency (null: no limit) and, per connection, credits.
 */
record Limits(Double perRecord, Double perRun, Double perDay, Double perMonth, Map<String, EnrichConfig.Credits> providers) {

    static Limits of(EnrichConfig.Budgets budgets) {
        if (budgets == null) {
            return new Limits(null, null, null, null, Map.of());
        }
        return new Limits(budgets.perRecord(), budgets.perRun(), budgets.perDay(), budgets.perMonth(), Map.copyOf(budgets.providers()));
    }
}

package io.middlemile.web.console;

import io.middlemile.enrich.SpendReport;
import io.middlemile.enrich.SpendWindows;
import io.middlemile.store.EnrichSpendStore;
import io.middlemile.workspace.EnrichConfig;
import io.middlemile.workspace.Workspace;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Enrichment spend per waterfall against its budgets: what it spent today and this month (the calendar day and month in
 * UTC, the windows the waterfall's budgets are enforced over), and per provider the last 30 days' lookups, hits and credits
 * with the provider's own credit limits. Read only; the budgets live in {@code enrich/NAME.yaml}.
 */
@Controller
class EnrichmentPage {

    static final int DAYS = 30;

    /** Spent against a limit; {@code limit} null when the file sets none. */
    record Against(double spent, Double limit) {

        /** Percent of the limit used, 0 to 100 (for the bar), or null without a limit. */
        public Integer percent() {
            return limit == null ? null : (int) Math.min(100, Math.round(100 * spent / limit));
        }
    }

    /** One provider of a waterfall: its 30-day figures and its credits against its limits. */
    record ProviderSpend(String connection, SpendReport.Provider figures, Against creditsToday, Against creditsMonth) {
    }

    /** One waterfall: its cost against the budgets, and its providers. */
    record WaterfallSpend(String name, String file, Against today, Against month, List<ProviderSpend> providers) {
    }

    private final Workspace workspace;
    private final EnrichSpendStore spend;
    private final Clock clock = Clock.systemUTC();

    EnrichmentPage(Workspace workspace, EnrichSpendStore spend) {
        this.workspace = workspace;
        this.spend = spend;
    }

    @GetMapping("/console/enrichment")
    String page(Model model) {
        Instant now = clock.instant();
        SpendWindows windows = SpendWindows.at(now);
        Instant dayStart = windows.dayStart();
        Instant monthStart = windows.monthStart();
        List<WaterfallSpend> waterfalls = new ArrayList<>();
        workspace.enrich().forEach((name, config) -> {
            EnrichConfig.Budgets budgets = config.budgets();
            SpendReport report = SpendReport.of(spend.since(name, now.minus(Duration.ofDays(DAYS))), config.providerOrders());
            List<ProviderSpend> providers = new ArrayList<>();
            for (String connection : config.credits().keySet()) {
                EnrichConfig.Credits limits = budgets == null ? null : budgets.providers().get(connection);
                providers.add(new ProviderSpend(connection, report.providers().get(connection),
                        new Against(spend.creditsSince(connection, dayStart), limits == null ? null : limits.perDay()),
                        new Against(spend.creditsSince(connection, monthStart), limits == null ? null : limits.perMonth())));
            }
            waterfalls.add(new WaterfallSpend(name, "enrich/" + name + ".yaml",
                    new Against(spend.costSince(name, dayStart), budgets == null ? null : budgets.perDay()),
                    new Against(spend.costSince(name, monthStart), budgets == null ? null : budgets.perMonth()), providers));
        });
        model.addAttribute("waterfalls", waterfalls);
        model.addAttribute("days", DAYS);
        return "console/enrichment";
    }
}

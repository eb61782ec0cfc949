package io.middlemile.enrich;

import io.middlemile.store.EnrichSpendStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The report's figures per provider and field, and the cheapest order from observed hit rates and costs. */
class SpendReportTest {

    private static EnrichSpendStore.Spend row(String connection, String record, boolean hit, double credits, double cost) {
        return new EnrichSpendStore.Spend(1L, "job", "contacts", "work-email", connection, record, List.of("email"),
                hit ? List.of("email") : List.of(), credits, cost, Instant.EPOCH);
    }

    @Test
    void countsHitsPerFieldAndNamesTheCheaperOrder() {
        List<EnrichSpendStore.Spend> rows = new ArrayList<>();
        // alpha, asked first: 10 lookups, 2 hits, 0.10 each; beta, asked after alpha's misses: 8 lookups, 6 hits, 0.05 each
        for (int i = 0; i < 10; i++) {
            rows.add(row("alpha", "r" + i, i < 2, 1, 0.10));
        }
        for (int i = 2; i < 10; i++) {
            rows.add(row("beta", "r" + i, i < 8, 1, 0.05));
        }

        SpendReport report = SpendReport.of(rows, Map.of("work-email", List.of("alpha", "beta")));

        SpendReport.Provider alpha = report.providers().get("alpha");
        assertThat(alpha.lookups()).isEqualTo(10);
        assertThat(alpha.hits()).isEqualTo(2);
        assertThat(alpha.hitRate("email")).isEqualTo(0.2);
        assertThat(alpha.costPerFound()).isCloseTo(0.5, within(1e-9));
        SpendReport.Group group = report.groups().get("work-email");
        assertThat(group.listed()).containsExactly("alpha", "beta");
        // alpha first: 0.10 + 0.8 × 0.05 = 0.14; beta first: 0.05 + 0.25 × 0.10 = 0.075
        assertThat(group.listedCost()).isCloseTo(0.14, within(1e-9));
        assertThat(group.cheapest()).containsExactly("beta", "alpha");
        assertThat(group.cheapestCost()).isCloseTo(0.075, within(1e-9));
        // ten records looked up, 1.00 at alpha and 0.40 at beta: what the listed order really cost
        assertThat(group.spentCost()).isCloseTo(0.14, within(1e-9));
    }

    @Test
    void aProviderWithoutCostsOrHitsLeavesTheOrderAlone() {
        SpendReport report = SpendReport.of(List.of(row("alpha", "r", true, 1, 0.1)), Map.of("work-email", List.of("alpha", "beta")));

        assertThat(report.groups().get("work-email").cheapest()).containsExactly("alpha");
        assertThat(SpendReport.permutations(List.of("a", "b", "c"))).hasSize(6);
    }
}

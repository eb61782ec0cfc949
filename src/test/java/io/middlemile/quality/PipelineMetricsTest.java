package io.middlemile.quality;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-pipeline stage ages, stale records and exit-criteria breaches, measured in the hygiene check's one pass. */
class PipelineMetricsTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final PipelineMetrics.Layout HUBSPOT = new PipelineMetrics.Layout("pipeline", "dealstage", "hs_v2_date_entered_{stage}");

    private static Inspected deal(String id, String pipeline, String stage, Integer daysInStage, Object... more) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("pipeline", pipeline);
        fields.put("dealstage", stage);
        if (daysInStage != null) {
            fields.put("hs_v2_date_entered_" + stage, NOW.minus(Duration.ofDays(daysInStage)).toString());
        }
        for (int i = 0; i < more.length; i += 2) {
            fields.put((String) more[i], more[i + 1]);
        }
        return new Inspected("deals", id, fields, null, NOW);
    }

    @Test
    void eachPipelineGetsItsStageAgesAndItsStaleAndExitBreakingRecords() {
        List<HygieneRule> rules = List.of(
                new RequiredFields("contract-exit", Severity.ERROR, "deals", "dealstage", Set.of("contractsent"), List.of("amount")),
                new PastDate("overdue", Severity.WARNING, "deals", "closedate", "dealstage", Set.of("closedwon")),
                new StageAge("stuck", Severity.WARNING, "deals", "dealstage", "hs_v2_date_entered_{stage}", Map.of("qualifiedtobuy", 30)));
        HygieneCheck check = new HygieneCheck("deals", rules, List.of(), HUBSPOT, NOW);
        List<Inspected> deals = new ArrayList<>();
        for (int days = 1; days <= 10; days++) {   // qualifiedtobuy: 1..10 days, and one of 40 days (stuck)
            deals.add(deal("q" + days, "sales", "qualifiedtobuy", days, "closedate", "2027-06-30"));
        }
        deals.add(deal("q40", "sales", "qualifiedtobuy", 40, "closedate", "2027-06-30"));
        deals.add(deal("c1", "sales", "contractsent", 5, "closedate", "2026-11-01", "amount", "100"));   // overdue
        deals.add(deal("c2", "sales", "contractsent", null, "closedate", "2027-01-15"));                 // no amount; no entry date
        deals.add(deal("r1", "renewals", "contractsent", 3, "amount", "5"));
        deals.forEach(deal -> check.inspect(deal, finding -> { }));

        List<PipelineMetrics.PipelineQuality> pipelines = check.pipelines();

        assertThat(pipelines).extracting(PipelineMetrics.PipelineQuality::pipeline).containsExactly("renewals", "sales");
        PipelineMetrics.PipelineQuality sales = pipelines.get(1);
        assertThat(sales.records()).isEqualTo(13);
        assertThat(sales.stale()).isEqualTo(2);          // q40 stuck, c1 overdue
        assertThat(sales.exitViolations()).isEqualTo(1); // c2 without amount
        assertThat(sales.stages()).containsExactly(
                new PipelineMetrics.StageQuality("contractsent", 2, 1, 5, 5, 5),
                new PipelineMetrics.StageQuality("qualifiedtobuy", 11, 0, 6, 10, 40));
        assertThat(pipelines.get(0).stages()).containsExactly(new PipelineMetrics.StageQuality("contractsent", 1, 0, 3, 3, 3));
    }

    @Test
    void recordsWithoutAPipelineOrStageAreCountedApartAndAnObjectWithOnePipelineNeedsNoPipelineField() {
        PipelineMetrics metrics = new PipelineMetrics(new PipelineMetrics.Layout(null, "StageName", "LastStageChangeDate"), NOW, List.of());
        metrics.add(new Inspected("Opportunity", "1", Map.of("StageName", "Prospecting", "LastStageChangeDate", "2026-11-23"), null, NOW),
                List.of());
        metrics.add(new Inspected("Opportunity", "2", Map.of(), null, NOW), List.of());

        assertThat(metrics.snapshot()).singleElement().satisfies(pipeline -> {
            assertThat(pipeline.pipeline()).isEqualTo("default");
            assertThat(pipeline.stages()).containsExactly(new PipelineMetrics.StageQuality("(none)", 1, 1, -1, -1, -1),
                    new PipelineMetrics.StageQuality("Prospecting", 1, 0, 10, 10, 10));
        });
    }
}

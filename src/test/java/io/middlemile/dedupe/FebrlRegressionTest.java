package io.middlemile.dedupe;

import io.middlemile.bench.ClusterMetrics;
import io.middlemile.bench.Febrl;
import io.middlemile.model.CanonicalRecord;
import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Regression guard on Febrl dataset1 (bundled in test resources) with the bundled Febrl rule file. */
class FebrlRegressionTest {

    @Test
    void dataset1F1AtLeast095() throws Exception {
        List<String> truth = new ArrayList<>();
        List<CanonicalRecord> records;
        try (Reader in = new InputStreamReader(getClass().getResourceAsStream("/febrl/dataset1.csv"),
                StandardCharsets.UTF_8)) {
            records = Febrl.read(in, "febrl", truth);
        }
        DedupeResult result = new DedupeEngine(Febrl.rules("febrl-dedupe.yaml")).run(records.iterator());
        ClusterMetrics metrics = ClusterMetrics.of(result, truth, true);
        assertThat(metrics.f1()).as(metrics.summary()).isGreaterThanOrEqualTo(0.95);
        assertThat(metrics.bcubedF1()).as(metrics.summary()).isGreaterThanOrEqualTo(0.95);
    }
}

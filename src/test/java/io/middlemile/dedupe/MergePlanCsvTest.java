package io.middlemile.dedupe;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class MergePlanCsvTest {

    @Test
    void scoresAreWrittenAsFormatWritesThemTiesIncluded() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 200_000; i++) {
            double p = i % 2 == 0 ? random.nextDouble() : random.nextInt(100_000) / 100_000.0; // ties: a 5 in the fifth place
            assertThat(MergePlanCsv.fourDecimals(p)).as("%s", p).isEqualTo(String.format(Locale.ROOT, "%.4f", p));
        }
        for (double p : new double[] {0, 1, 0.99995, 0.00005, 0.12345, 0.5, 1e-9, 0.9999999}) {
            assertThat(MergePlanCsv.fourDecimals(p)).as("%s", p).isEqualTo(String.format(Locale.ROOT, "%.4f", p));
        }
    }
}

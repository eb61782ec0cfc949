package io.middlemile.web.console;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A trend drawn as SVG coordinates: time in proportion left to right, shares against 0 to 100 %, counts against their largest. */
class TrendChartTest {

    private static final Instant T0 = Instant.parse("2026-11-01T06:00:00Z");

    @Test
    void sharesAreDrawnAgainstAHundredPercentAndTimeInProportion() {
        List<Instant> times = List.of(T0, T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(3)));

        TrendChart chart = TrendChart.of("Email present", times, List.of(0.5, 0.75, 1.0), true, List.of("Nov 1", "Nov 2", "Nov 4"));

        // x from 4 to 296 by time (day 1 of 3 is a third of the way), y from 76 (0 %) up to 4 (100 %)
        assertThat(chart.points()).isEqualTo("4.0,40.0 101.3,22.0 296.0,4.0");
        assertThat(chart.dots()).extracting(TrendChart.Dot::label).containsExactly("Nov 1: 50.0 %", "Nov 2: 75.0 %", "Nov 4: 100.0 %");
        assertThat(chart.top()).isEqualTo("100.0 %");
        assertThat(chart.bottom()).isEqualTo("0.0 %");
        assertThat(chart.summary()).isEqualTo("Email present: from 50.0 % on Nov 1 to 100.0 % on Nov 4, 3 measurements");
    }

    @Test
    void countsAreDrawnAgainstTheirLargestAndOneReportSitsInTheMiddle() {
        TrendChart counts = TrendChart.of("Error findings", List.of(T0, T0.plusSeconds(60)), List.of(1_200.0, 300.0), false,
                List.of("a", "b"));
        assertThat(counts.points()).isEqualTo("4.0,4.0 296.0,58.0");
        assertThat(counts.top()).isEqualTo("1,200");

        TrendChart one = TrendChart.of("Records checked", List.of(T0), List.of(28.0), false, List.of("Nov 1"));
        assertThat(one.points()).isEqualTo("150.0,4.0");
        assertThat(one.summary()).isEqualTo("Records checked: 28 on Nov 1, the only measurement");
    }

    @Test
    void aShareOutOfRangeStaysInsideTheBox() {
        TrendChart chart = TrendChart.of("x", List.of(T0, T0.plusSeconds(1)), List.of(-0.2, 1.3), true, List.of("a", "b"));

        assertThat(chart.points()).isEqualTo("4.0,76.0 296.0,4.0");
        assertThatThrownBy(() -> TrendChart.of("x", List.of(T0), List.of(), true, List.of("a"))).isInstanceOf(IllegalArgumentException.class);
    }
}

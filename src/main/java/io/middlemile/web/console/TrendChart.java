package io.middlemile.web.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A measurement over time as a line of inline SVG, drawn on the server: the console runs no script (its content security
 * policy allows none), and a chart is a few dozen coordinates. Coordinates are in the chart's own box ({@link #WIDTH} by
 * {@link #HEIGHT}); the page scales it with CSS. Time runs left to right in proportion, so uneven gaps between reports
 * show as uneven gaps.
 *
 * @param points  the polyline's "x,y x,y ..." in the box
 * @param dots    one per measurement, with its value in words (the dot's tooltip)
 * @param top     the value at the top of the box, in words
 * @param bottom  the value at the bottom of the box, in words
 * @param summary the whole line in one sentence, for screen readers
 */
record TrendChart(String points, List<Dot> dots, String top, String bottom, String summary) {

    static final double WIDTH = 300;
    static final double HEIGHT = 80;
    /** Room around the line, so dots at the edges are whole. */
    static final double PAD = 4;

    /** One measurement's place in the box. */
    record Dot(double x, double y, String label) {
    }

    /**
     * @param share  a value between 0 and 1, drawn against 0 to 100 %; otherwise a count, drawn against 0 to its largest
     * @param when   each value's time in words, parallel to {@code times}
     */
    static TrendChart of(String name, List<Instant> times, List<Double> values, boolean share, List<String> when) {
        if (times.size() != values.size() || times.size() != when.size()) {
            throw new IllegalArgumentException("a chart needs one time per value");
        }
        double max = share ? 1 : Math.max(1, values.stream().mapToDouble(Double::doubleValue).max().orElse(1));
        DoubleFunction<String> text = share ? TrendChart::percent : TrendChart::count;
        long first = times.isEmpty() ? 0 : times.get(0).toEpochMilli();
        long span = times.isEmpty() ? 0 : times.get(times.size() - 1).toEpochMilli() - first;
        List<Dot> dots = new ArrayList<>();
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            // a single report, or reports in the same millisecond, sit in the middle
            double x = span == 0 ? WIDTH / 2 : PAD + (WIDTH - 2 * PAD) * (times.get(i).toEpochMilli() - first) / span;
            double y = PAD + (HEIGHT - 2 * PAD) * (1 - Math.max(0, Math.min(1, values.get(i) / max)));
            dots.add(new Dot(round(x), round(y), when.get(i) + ": " + text.apply(values.get(i))));
            points.append(points.isEmpty() ? "" : " ").append(number(x)).append(',').append(number(y));
        }
        String summary = values.isEmpty() ? name + ": no measurements"
                : values.size() == 1 ? name + ": " + text.apply(values.get(0)) + " on " + when.get(0) + ", the only measurement"
                : name + ": from " + text.apply(values.get(0)) + " on " + when.get(0) + " to " + text.apply(values.get(values.size() - 1))
                + " on " + when.get(when.size() - 1) + ", " + values.size() + " measurements";
        return new TrendChart(points.toString(), List.copyOf(dots), text.apply(max), text.apply(0), summary);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * share);
    }

    static String count(double count) {
        return String.format(Locale.ROOT, "%,d", Math.round(count));
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}

package io.middlemile.assign;

import io.middlemile.mapping.When;
import io.middlemile.workspace.Condition;

import java.util.List;

/**
 * A segment by company size and industry: every given part must hold. Bounds are inclusive, so bands read
 * as an admin writes them (employees 51–200, 201–1000). Industry uses the mapping's {@code in:} operator.
 *
 * @param employees  range of {@code employeeCount}, or null
 * @param revenue    range of {@code annualRevenue}, or null
 * @param industries {@code industry} is one of these (case-insensitive), or null/empty for any
 */
public record Segment(Range employees, Range revenue, List<String> industries) implements RuleCondition {

    /** Inclusive bounds; a null bound is open. */
    public record Range(Double min, Double max) {
        public Range {
            if (min == null && max == null) {
                throw new IllegalArgumentException("a range needs min, max or both");
            }
            if (min != null && max != null && min > max) {
                throw new IllegalArgumentException("range min " + min + " is above max " + max);
            }
        }

        public static Range between(double min, double max) {
            return new Range(min, max);
        }

        public static Range atLeast(double min) {
            return new Range(min, null);
        }

        public static Range below(double max) {
            return new Range(null, max);
        }
    }

    public Segment {
        industries = industries == null ? List.of() : List.copyOf(industries);
        if (employees == null && revenue == null && industries.isEmpty()) {
            throw new IllegalArgumentException("a segment needs employees, revenue or industries");
        }
    }

    @Override
    public String whyNot(Lead lead) {
        String why = outside("employeeCount", employees, lead);
        if (why == null) {
            why = outside("annualRevenue", revenue, lead);
        }
        if (why == null && !industries.isEmpty()) {
            // the mapping's in: operator; without a regex a When is two small objects, so it is built per call
            why = new FieldCondition(When.of(new Condition("industry", null, industries, null, null))).whyNot(lead);
        }
        return why;
    }

    private static String outside(String field, Range range, Lead lead) {
        if (range == null) {
            return null;
        }
        String text = lead.value(field);
        if (text == null) {
            return field + " is empty";
        }
        double value;
        try {
            // CRM exports write "1,200,000"; the thousands separators carry no meaning here
            value = Double.parseDouble(text.strip().replace(",", "").replace("_", ""));
        } catch (NumberFormatException e) {
            return field + " \"" + text + "\" is not a number";
        }
        if (range.min() != null && value < range.min()) {
            return field + " " + plain(value) + " is below " + plain(range.min());
        }
        if (range.max() != null && value > range.max()) {
            return field + " " + plain(value) + " is above " + plain(range.max());
        }
        return null;
    }

    private static String plain(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}

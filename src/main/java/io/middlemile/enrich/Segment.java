package io.middlemile.enrich;

import io.middlemile.model.Entity;

import java.util.Locale;
import java.util.Map;

/**
 * The segment a record's lookups are counted in, for {@code order: adaptive}: providers' hit rates differ by country,
 * seniority and company size, so each segment learns its own cheapest order. People: {@code country/seniority}
 * ({@code US/vp}); companies: {@code country/size} ({@code DE/51-200}); a part the record lacks is {@code -}.
 */
public final class Segment {

    private Segment() {
    }

    public static String of(Entity entity, Map<String, Object> values) {
        String country = text(values.get("country"));
        if (entity == Entity.COMPANY) {
            return country + "/" + size(values.get("employeeCount"));
        }
        return country + "/" + text(values.get("seniority"));
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? "-" : value.toString().strip().toLowerCase(Locale.ROOT);
    }

    /** Employee bands as firmographic providers report them. */
    static String size(Object employees) {
        if (employees == null) {
            return "-";
        }
        try {
            double count = Double.parseDouble(employees.toString().strip().replace(",", ""));
            return count <= 50 ? "1-50" : count <= 200 ? "51-200" : count <= 1_000 ? "201-1000" : "1001+";
        } catch (NumberFormatException e) {
            return "-";
        }
    }
}

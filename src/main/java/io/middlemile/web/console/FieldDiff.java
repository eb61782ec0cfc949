package io.middlemile.web.console;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** A write's before- and after-images side by side, one row per field, for the review queue and the journal. */
record FieldDiff(String field, String before, String after, boolean changed) {

    /** @param before null for a create; @param after null for an archive */
    static List<FieldDiff> of(Map<String, Object> before, Map<String, Object> after) {
        Set<String> fields = new LinkedHashSet<>();
        if (before != null) {
            fields.addAll(before.keySet());
        }
        if (after != null) {
            fields.addAll(after.keySet());
        }
        List<FieldDiff> rows = new ArrayList<>();
        for (String field : fields) {
            String was = before == null ? null : text(before.get(field));
            String becomes = after == null ? null : text(after.get(field));
            rows.add(new FieldDiff(field, was, becomes, !Objects.equals(was, becomes)));
        }
        return rows;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}

package io.middlemile.workspace;

import io.middlemile.model.FieldType;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Values a rule compares with a canonical country or region: records carry the standardizers' codes (DE, US-CA), so a
 * name (Germany) or an alpha-3 code (DEU) written in a rule would never match. Shared by the assignment rules'
 * territories and conditions and the waterfalls' conditions.
 */
final class CodeValues {

    static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
    static final Pattern REGION = Pattern.compile("[A-Za-z]{2}-[A-Za-z0-9]{1,3}");
    static final String COUNTRY_CODE = "an ISO 3166-1 alpha-2 country code such as DE or US";
    static final String REGION_CODE = "an ISO 3166-2 region code such as US-CA or DE-BY";

    private CodeValues() {
    }

    /** Reports each of {@code codes} that is not of {@code shape}, at {@code at/i}. */
    static void check(WorkspaceLoader.FileContext file, List<String> codes, String at, Pattern shape, String expected) {
        for (int i = 0; codes != null && i < codes.size(); i++) {
            checkOne(file, codes.get(i), at + "/" + i, shape, expected);
        }
    }

    private static void checkOne(WorkspaceLoader.FileContext file, String code, String at, Pattern shape, String expected) {
        if (code != null && !shape.matcher(code.strip()).matches()) {
            file.error(at, "\"" + code + "\" is not " + expected
                    + "; records carry the standardized code, so a name would never match");
        }
    }

    /**
     * A condition's equals and in values, when its field is a canonical country or region ({@code type}: the field's
     * type, or null for a field that is not canonical).
     */
    static void check(WorkspaceLoader.FileContext file, String field, FieldType type, Condition condition, String at) {
        boolean country = type == FieldType.COUNTRY;
        boolean region = "region".equals(field);
        if (!country && !region) {
            return;
        }
        Pattern shape = country ? COUNTRY : REGION;
        String expected = country ? COUNTRY_CODE : REGION_CODE;
        checkOne(file, condition.equals(), at + "/equals", shape, expected);
        check(file, condition.in() == null ? null : new ArrayList<>(condition.in()), at + "/in", shape, expected);
    }
}

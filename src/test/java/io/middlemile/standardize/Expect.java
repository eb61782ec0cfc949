package io.middlemile.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;

/** Shared assertion for table tests: every field of the result is checked exactly. */
final class Expect {

    private Expect() {
    }

    /**
     * @param attrs expected attributes as {@code k=v;k=v} (empty string for none)
     */
    static void row(Standardizer s, String input, String ctx, String value, String key, Verdict verdict, String attrs) {
        Standardized r = s.apply(input, StandardizeContext.of(ctx));
        String label = s.name() + "('" + input + "', ctx=" + ctx + ") -> " + r;
        assertThat(r.verdict()).as("verdict of " + label).isEqualTo(verdict);
        assertThat(r.value()).as("value of " + label).isEqualTo(value);
        assertThat(r.key()).as("key of " + label).isEqualTo(key);
        assertThat(new TreeMap<>(r.attributes())).as("attributes of " + label).isEqualTo(parse(attrs));
        if (verdict == Verdict.FIXED || verdict == Verdict.INVALID) {
            assertThat(r.reason()).as("reason of " + label).isNotBlank();
        }
        if (verdict == Verdict.INVALID || verdict == Verdict.EMPTY) {
            assertThat(r.value()).as("contract: no value for " + label).isNull();
            assertThat(r.key()).as("contract: no key for " + label).isNull();
        }
        if (verdict == Verdict.EMPTY) {
            assertThat(r).isSameAs(Standardized.empty());
        }
    }

    static Map<String, String> parse(String attrs) {
        Map<String, String> m = new TreeMap<>();
        if (attrs == null || attrs.isEmpty()) {
            return m;
        }
        for (String kv : attrs.split(";")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }
}

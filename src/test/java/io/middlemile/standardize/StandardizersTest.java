package io.middlemile.standardize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StandardizersTest {

    @Test
    void registryNames() {
        assertThat(Standardizers.names()).containsExactly(
                "email", "phone", "person-name", "first-name", "last-name", "company-name", "domain",
                "company-domain", "linkedin-url", "country", "region", "job-title", "timestamp", "date");
        for (String n : Standardizers.names()) {
            assertThat(Standardizers.byName(n)).get().extracting(Standardizer::name).isEqualTo(n);
        }
        assertThat(Standardizers.byName("nope")).isEmpty();
        assertThat(Standardizers.byName(null)).isEmpty();
    }

    static Stream<Arguments> garbage() {
        List<String> inputs = new ArrayList<>();
        inputs.add(null);
        inputs.add("");
        inputs.add("   \t\n ");
        inputs.add("🙂🙂");
        inputs.add("x".repeat(10_000));
        inputs.add("🙂".repeat(5_000));
        inputs.add("@@@:::///???###");
        inputs.add("\u0000\u0001\uFFFF");
        inputs.add("%%%%");
        inputs.add("1".repeat(10_000));
        List<Arguments> out = new ArrayList<>();
        for (String name : Standardizers.names()) {
            for (String in : inputs) {
                for (String ctx : new String[] {null, "US", "xx"}) {
                    out.add(Arguments.of(name, in, ctx));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} survives input #{index}")
    @MethodSource("garbage")
    void neverThrows(String name, String input, String ctx) {
        Standardizer s = Standardizers.byName(name).orElseThrow();
        assertThatCode(() -> {
            Standardized r = s.apply(input, ctx == null ? null : StandardizeContext.of(ctx));
            assertThat(r).isNotNull();
            assertThat(r.verdict()).isNotNull();
            if (input == null || input.isBlank()) {
                assertThat(r.verdict()).isEqualTo(Verdict.EMPTY);
            }
            if (r.verdict() == Verdict.INVALID || r.verdict() == Verdict.EMPTY) {
                assertThat(r.key()).isNull();
                assertThat(r.value()).isNull();
            }
        }).doesNotThrowAnyException();
    }

    @Test
    void emojiAndHugeInputsAreInvalidEverywhere() {
        for (String name : Standardizers.names()) {
            Standardizer s = Standardizers.byName(name).orElseThrow();
            assertThat(s.apply("🙂🙂").verdict()).as(name).isEqualTo(Verdict.INVALID);
            assertThat(s.apply("a".repeat(10_000)).verdict()).as(name).isEqualTo(Verdict.INVALID);
        }
    }
}

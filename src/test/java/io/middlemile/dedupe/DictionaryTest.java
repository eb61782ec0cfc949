package io.middlemile.dedupe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DictionaryTest {

    @Test
    void truncateForgetsTheNewestValuesAndKeepsFindingTheOthers() {
        Dictionary dict = new Dictionary(16); // grows and rehashes on the way: long probe runs to shift back
        for (int i = 0; i < 10_000; i++) {
            assertThat(dict.intern("kept-" + i)).isEqualTo(i);
        }
        long total = dict.total();
        for (int i = 0; i < 3_000; i++) {
            dict.intern("lookup-" + i);
        }
        dict.intern("kept-7"); // an old value seen again is counted, not added

        dict.truncate(10_000);

        assertThat(dict.size()).isEqualTo(10_000);
        assertThat(dict.total()).isEqualTo(total + 1);
        for (int i = 0; i < 10_000; i++) {
            assertThat(dict.value(i)).isEqualTo("kept-" + i);
        }
        assertThat(dict.intern("kept-9999")).isEqualTo(9_999);
        assertThat(dict.intern("kept-0")).isZero();
        assertThat(dict.intern("lookup-5")).isEqualTo(10_000); // a forgotten value comes back as a new one
        assertThat(dict.count(10_000)).isEqualTo(1);
    }
}

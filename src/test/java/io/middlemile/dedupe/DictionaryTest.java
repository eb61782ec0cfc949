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

    @Test
    void valuesWithOneHashCodeStayApartThroughGrowthAndTruncation() {
        // "Aa" and "BB" share String.hashCode, so all 2^k strings of them do: one probe run, told apart by equals only
        java.util.List<String> same = new java.util.ArrayList<>(java.util.List.of(""));
        for (int k = 0; k < 9; k++) {
            java.util.List<String> longer = new java.util.ArrayList<>();
            for (String s : same) {
                longer.add(s + "Aa");
                longer.add(s + "BB");
            }
            same = longer;
        }
        assertThat(same).hasSize(512).extracting(String::hashCode).containsOnly(same.get(0).hashCode());
        Dictionary dict = new Dictionary(16);
        for (int i = 0; i < same.size(); i++) {
            assertThat(dict.intern(same.get(i))).isEqualTo(2 * i); // interleaved with other values: ids 2i and 2i + 1
            assertThat(dict.intern("other-" + i)).isEqualTo(2 * i + 1);
        }
        for (int i = 0; i < same.size(); i++) {
            assertThat(dict.intern(same.get(i))).isEqualTo(2 * i);
            assertThat(dict.count(2 * i)).isEqualTo(2);
        }
        dict.truncate(512); // forgets the second half of both kinds; the first half is still found
        for (int i = 0; i < 256; i++) {
            assertThat(dict.intern(same.get(i))).isEqualTo(2 * i);
        }
        assertThat(dict.intern(same.get(300))).isEqualTo(512);
    }
}

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

    @Test
    void internAllGivesTheIdsAndCountsOfInterningOneByOne() {
        // batches with nulls, repeats inside one batch, values of earlier batches, and growth in the middle of a batch
        java.util.Random random = new java.util.Random(7);
        Dictionary one = new Dictionary(16);
        Dictionary all = new Dictionary(16);
        for (int b = 0; b < 200; b++) {
            String[] batch = new String[1 + random.nextInt(300)];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = random.nextInt(10) == 0 ? null : "v" + random.nextInt(5_000);
            }
            int[] ids = new int[batch.length + 3];
            all.internAll(batch, ids, 3);
            for (int i = 0; i < batch.length; i++) {
                assertThat(ids[3 + i]).as("batch %d, value %s", b, batch[i]).isEqualTo(one.intern(batch[i]));
            }
        }
        assertThat(all.size()).isEqualTo(one.size()).isGreaterThan(4_000);
        assertThat(all.total()).isEqualTo(one.total());
        for (int id = 0; id < one.size(); id++) {
            assertThat(all.value(id)).isEqualTo(one.value(id));
            assertThat(all.count(id)).isEqualTo(one.count(id));
        }
    }
}

package io.middlemile.store;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PackedTextTest {

    @Test
    void aTextComesBackAsItWasPackedAndRepetitiveJsonShrinks() {
        String json = "{\"connection\":\"hubspot-export\",\"object\":\"contacts\",\"sourceId\":\"hu-17\"},".repeat(40) + "Łódź 李 ✓";
        byte[] packed = PackedText.pack(json);
        assertThat(PackedText.unpack(packed)).isEqualTo(json);
        assertThat(packed.length).isLessThan(json.length() / 4);
        assertThat(PackedText.unpack(PackedText.pack(""))).isEmpty();
    }

    @Test
    void aDamagedPackIsRefusedWithWhatIsWrongNeverReadAsSomeOtherText() {
        byte[] packed = PackedText.pack("{\"clusterId\":\"1\",\"duplicates\":[]}".repeat(10));
        assertThatThrownBy(() -> PackedText.unpack(new byte[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no length header");
        assertThatThrownBy(() -> PackedText.unpack(Arrays.copyOf(packed, packed.length - 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("damaged");
        byte[] longer = packed.clone();
        longer[3] += 1; // the header claims one byte more than the block holds
        assertThatThrownBy(() -> PackedText.unpack(longer)).isInstanceOf(IllegalArgumentException.class);
        byte[] huge = packed.clone();
        huge[0] = 0x7f; // two gigabytes claimed by a few hundred bytes: refused before anything is allocated
        assertThatThrownBy(() -> PackedText.unpack(huge)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("says it holds");
    }
}

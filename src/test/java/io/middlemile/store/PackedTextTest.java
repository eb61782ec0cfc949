package io.middlemile.store;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
    void rowsPackedByTheJavaPackerOfEarlierVersionsStillUnpack() {
        String json = "{\"clusterId\":\"7\",\"explanations\":[\"email (email) exact +17.7\"]}".repeat(30);
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        LZ4Compressor java = LZ4Factory.safeInstance().fastCompressor();
        byte[] block = java.compress(utf8);
        byte[] earlier = ByteBuffer.allocate(4 + block.length).putInt(utf8.length).put(block).array();
        assertThat(PackedText.unpack(earlier)).isEqualTo(json);
        // and what this version packs (natively where the JVM may load the library) is the same LZ4 block format
        byte[] packed = PackedText.pack(json);
        assertThat(LZ4Factory.safeInstance().safeDecompressor()
                .decompress(Arrays.copyOfRange(packed, 4, packed.length), utf8.length)).isEqualTo(utf8);
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

package io.middlemile.store;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A text packed with LZ4 before the state store keeps it: its UTF-8 length as four bytes (big-endian), then the LZ4
 * block of its UTF-8 bytes. A million contacts' dedupe run is 480 MB of cluster JSON; packed here it is 157 MB, and
 * PostgreSQL stores it in 2.2 s instead of the 5 s its own compression took (pglz, in the one backend that receives
 * the run), which made the end of the run wait on the store. The match index's parts are packed the same way
 * (MatchIndexStore). https://github.com/yawkat/lz4-java
 */
final class PackedText {

    // the Java decompressor with bounds checks: a damaged row fails with an exception, never reads outside its buffer
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.safeInstance().safeDecompressor();

    private PackedText() {
    }

    /**
     * The native packer where the JVM may load it (unpacked from the jar into the temporary folder at first use), the
     * Java one where it may not: the Java packer allocates and clears a 16 KB table per text, and a million contacts'
     * run packs 250,000 texts of about 2 KB (3 GB of the run's allocation); both write the same LZ4 block format. In a
     * holder of its own, so an engine that only reads packed texts (loading a match index) never unpacks the library.
     */
    private static final class Packer {
        static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();
    }

    static byte[] pack(String text) {
        return pack(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Each thread's room to pack into, as large as the largest text it packed (up to {@link #SCRATCH_MAX}): LZ4 needs room
     * for a block larger than its text, and a fresh array of that size for each text was 760 MB of a million contacts'
     * dedupe run (of 13 GB it allocates), thrown away after one copy. The run's time moved within the machine's noise.
     */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[0]);
    private static final int SCRATCH_MAX = 4 << 20;

    /** {@code utf8}, the UTF-8 bytes of a text, packed as {@link #pack(String)} packs the text. */
    static byte[] pack(byte[] utf8) {
        LZ4Compressor compressor = Packer.COMPRESSOR;
        int room = 4 + compressor.maxCompressedLength(utf8.length);
        byte[] packed = SCRATCH.get();
        if (packed.length < room) {
            packed = new byte[room];
            if (room <= SCRATCH_MAX) {
                SCRATCH.set(packed);
            }
        }
        ByteBuffer.wrap(packed).putInt(utf8.length);
        int length = compressor.compress(utf8, 0, utf8.length, packed, 4);
        return Arrays.copyOf(packed, 4 + length);
    }

    /** @throws IllegalArgumentException when {@code packed} is not what {@link #pack} made */
    static String unpack(byte[] packed) {
        if (packed.length < 4) {
            throw new IllegalArgumentException("a packed text of " + packed.length + " bytes has no length header");
        }
        int length = ByteBuffer.wrap(packed).getInt();
        // an LZ4 block expands at most 255 times: a larger claim is damage, not a reason to allocate gigabytes
        if (length < 0 || length > 255L * (packed.length - 4) + 255) {
            throw new IllegalArgumentException("a packed text of " + packed.length + " bytes says it holds " + length);
        }
        byte[] utf8 = new byte[length];
        try {
            int written = DECOMPRESSOR.decompress(packed, 4, packed.length - 4, utf8, 0);
            if (written != length) {
                throw new IllegalArgumentException("a packed text unpacked to " + written + " bytes, its header says " + length);
            }
        } catch (LZ4Exception e) {
            throw new IllegalArgumentException("a packed text is damaged: " + e.getMessage(), e);
        }
        return new String(utf8, StandardCharsets.UTF_8);
    }
}

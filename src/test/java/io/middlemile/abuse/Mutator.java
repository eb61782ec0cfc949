package io.middlemile.abuse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Seeded, reproducible damage to a file's bytes for the abuse tests. Every mutation is one {@link Edit} of
 * the original bytes (a range replaced by other bytes), so a test knows exactly which region changed and
 * can check that everything outside it was read as before. The same seed always gives the same edits:
 * a failing case is re-run by its seed, which every assertion message prints.
 */
final class Mutator {

    /** Bytes that are never valid UTF-8 where they stand: a lone 0xFF, a broken pair, a lone continuation, a surrogate, an overlong slash. */
    static final byte[][] INVALID_UTF8 = {
            {(byte) 0xFF}, {(byte) 0xC3, '('}, {(byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}};
    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /**
     * Replaces {@code [from, to)} of the original with {@code replacement}.
     *
     * @param description what was done, in words, for the assertion message
     */
    record Edit(int from, int to, byte[] replacement, String description) {

        /** Applies several edits made on the same original; they must not overlap. */
        static byte[] applyAll(byte[] original, List<Edit> edits) {
            List<Edit> ordered = new ArrayList<>(edits);
            ordered.sort(Comparator.comparingInt(Edit::from));
            ByteArrayOutputStream out = new ByteArrayOutputStream(original.length + 64);
            int at = 0;
            for (Edit edit : ordered) {
                if (edit.from < at) {
                    throw new IllegalArgumentException("overlapping edits " + edits);
                }
                out.write(original, at, edit.from - at);
                out.writeBytes(edit.replacement);
                at = edit.to;
            }
            out.write(original, at, original.length - at);
            return out.toByteArray();
        }

        @Override
        public String toString() {
            return description + " (bytes " + from + ".." + to + ")";
        }
    }

    private final Random random;
    private final byte[] original;
    /** Byte offset where each line starts; the last entry is the length (so line i is [starts[i], starts[i+1])). */
    private final int[] lineStarts;

    Mutator(long seed, byte[] original) {
        this.random = new Random(seed);
        this.original = original;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < original.length; i++) {
            if (original[i] == '\n' && i + 1 < original.length) {
                starts.add(i + 1);
            }
        }
        starts.add(original.length);
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** True unless {@code -Dabuse.case=N[,M...]} restricts a run to some case numbers, to re-run a failing case alone. */
    static boolean selected(int number) {
        String only = System.getProperty("abuse.case", "");
        return only.isBlank() || Arrays.stream(only.split(",")).map(String::trim).anyMatch(String.valueOf(number)::equals);
    }

    Random random() {
        return random;
    }

    /** Number of physical lines of the original (a final line without a line break counts). */
    int lines() {
        return lineStarts.length - 1;
    }

    /** Byte offset where 0-based line {@code line} starts. */
    int lineStart(int line) {
        return lineStarts[line];
    }

    /** Byte offset just past 0-based line {@code line}, its line break included. */
    int lineEnd(int line) {
        return lineStarts[line + 1];
    }

    /** The text of 0-based line {@code line} without its line break. */
    String line(int line) {
        int end = lineEnd(line);
        while (end > lineStart(line) && (original[end - 1] == '\n' || original[end - 1] == '\r')) {
            end--;
        }
        return new String(original, lineStart(line), end - lineStart(line), StandardCharsets.UTF_8);
    }

    /** A 0-based line in {@code [fromLine, lines())}. */
    int randomLine(int fromLine) {
        return fromLine + random.nextInt(lines() - fromLine);
    }

    /** A byte offset in {@code [from, original.length]}. */
    int randomOffset(int from) {
        return from + random.nextInt(original.length - from + 1);
    }

    <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    // ---------------------------------------------------------------- edits any text file can suffer

    /** One bit of one byte flipped: the classic disk or transfer error. */
    Edit flipBit(int from) {
        int at = from + random.nextInt(original.length - from);
        int bit = random.nextInt(8);
        byte flipped = (byte) (original[at] ^ (1 << bit));
        return new Edit(at, at + 1, new byte[] {flipped}, String.format("bit %d of byte %d flipped (0x%02x -> 0x%02x)",
                bit, at, original[at] & 0xFF, flipped & 0xFF));
    }

    /** Everything from a random point on is gone: a half-written or half-copied file. */
    Edit truncate(int from) {
        int at = randomOffset(from);
        return new Edit(at, original.length, new byte[0], "truncated at byte " + at + " of " + original.length);
    }

    Edit deleteLine(int fromLine) {
        int line = randomLine(fromLine);
        return new Edit(lineStart(line), lineEnd(line), new byte[0], "line " + (line + 1) + " deleted");
    }

    Edit duplicateLine(int fromLine) {
        int line = randomLine(fromLine);
        byte[] copy = slice(lineStart(line), lineEnd(line));
        if (copy.length > 0 && copy[copy.length - 1] != '\n') {
            copy = concat(copy, "\n".getBytes(StandardCharsets.UTF_8));
        }
        return new Edit(lineEnd(line), lineEnd(line), copy, "line " + (line + 1) + " duplicated");
    }

    /** {@code bytes} inserted at a random offset. */
    Edit insert(int from, byte[] bytes, String what) {
        int at = randomOffset(from);
        return new Edit(at, at, bytes, what + " inserted at byte " + at);
    }

    /** 0-based line {@code line}'s text (not its line break) replaced. */
    Edit replaceLine(int line, String text, String what) {
        int contentEnd = lineStart(line) + line(line).getBytes(StandardCharsets.UTF_8).length;
        return new Edit(lineStart(line), contentEnd, text.getBytes(StandardCharsets.UTF_8), what + " on line " + (line + 1));
    }

    /** Some invalid UTF-8 sequence at a random offset. */
    Edit invalidUtf8(int from) {
        byte[] bytes = INVALID_UTF8[random.nextInt(INVALID_UTF8.length)];
        return insert(from, bytes, "invalid UTF-8 " + hex(bytes));
    }

    /** {@code \n} line ends of a run of lines turned into bare {@code \r} (old Mac exports), a CRLF kept as CR. */
    Edit carriageReturnsOnly(int fromLine) {
        int first = randomLine(fromLine);
        int last = Math.min(lines() - 1, first + random.nextInt(4));
        byte[] region = slice(lineStart(first), lineEnd(last));
        ByteArrayOutputStream out = new ByteArrayOutputStream(region.length);
        for (int i = 0; i < region.length; i++) {
            if (region[i] == '\n') {
                if (i == 0 || region[i - 1] != '\r') {
                    out.write('\r');
                }
            } else {
                out.write(region[i]);
            }
        }
        return new Edit(lineStart(first), lineEnd(last), out.toByteArray(),
                "lines " + (first + 1) + ".." + (last + 1) + " end in a bare CR");
    }

    static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(text.length() == 0 ? "" : " ").append(String.format("%02X", b & 0xFF));
        }
        return text.toString();
    }

    byte[] slice(int from, int to) {
        byte[] part = new byte[to - from];
        System.arraycopy(original, from, part, 0, part.length);
        return part;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}

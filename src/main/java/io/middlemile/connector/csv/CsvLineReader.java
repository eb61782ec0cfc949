package io.middlemile.connector.csv;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Splits a file into physical lines as bytes, from any byte offset. Works on bytes (not chars) so
 * that the offset of every line is exact, which is what makes a cursor resume without gaps or
 * repeats, and so that invalid UTF-8 can be reported per line instead of failing the whole read.
 *
 * <p>A line ends at {@code \r\n}, {@code \n} or a {@code \r} not followed by {@code \n}: the line breaks
 * of Windows, Unix and old Mac exports (Excel for Mac's "CSV (Macintosh)"), as Excel and Commons CSV
 * read them. Treating a lone {@code \r} as a line end is safe here because this class knows nothing of
 * quotes: a quoted value that holds a line break of any kind is joined again from its lines by
 * {@link CsvRecordReader}, terminator bytes included, so the value keeps its {@code \r} exactly. The
 * only effect inside a quoted value is that a lone {@code \r} counts as a line for line numbers, as
 * {@code \n} always has. A {@code \r} that is the last byte read so far is not taken as a line end
 * until the next byte is known (or the file ends), so a {@code \r\n} split over two reads is still one
 * terminator and every line's offset, and so a cursor resume, stays exact. The last line may have no
 * terminator. The current line ({@link #buffer()}, {@link #start()}, ...) is only valid until the next
 * call to {@link #next()} or {@link #seek}.
 *
 * <p>A line that does not fit in {@value #MAX_LINE_BYTES} bytes with its line break is not a CSV row
 * (a whole document pasted into a cell, a damaged or binary part of the file). It is still returned, so
 * the caller can reject it and go on, but as an {@linkplain #overlong() over-long line}: only its first
 * {@value #OVERLONG_PREFIX_BYTES} bytes are kept ({@link #overlongPrefix()}), the rest is skipped up to
 * the next line end while being counted ({@link #overlongLength()}), so the reader never holds more
 * than one buffer of it.
 */
final class CsvLineReader implements Closeable {

    /** A "line" that does not fit in this many bytes is not a CSV row: it is skipped, not buffered whole. */
    static final int MAX_LINE_BYTES = 16 * 1024 * 1024;
    /** How much of an over-long line is kept, for the reject's raw input: enough to recognise the row. */
    static final int OVERLONG_PREFIX_BYTES = 8 * 1024;

    private final FileChannel channel;
    private byte[] buffer = new byte[256 * 1024];
    private int pos;
    private int limit;
    private long bufferOffset;
    private boolean eof;
    private long linesConsumed;

    private int start;
    private int contentEnd;
    private int end;
    /** The current line's first bytes when it is over-long, else null. */
    private byte[] overlongPrefix;
    private long overlongLength;

    CsvLineReader(FileChannel channel) {
        this.channel = channel;
    }

    /** Moves to a byte offset; {@code linesConsumed} is the number of physical lines before it. */
    void seek(long offset, long linesConsumed) throws IOException {
        channel.position(offset);
        this.bufferOffset = offset;
        this.pos = 0;
        this.limit = 0;
        this.eof = false;
        this.linesConsumed = linesConsumed;
        this.overlongPrefix = null;
    }

    /** Reads the next physical line; false at end of file. */
    boolean next() throws IOException {
        overlongPrefix = null;
        int scanFrom = pos;
        while (true) {
            int lineEnd = indexOfLineEnd(scanFrom);
            if (lineEnd >= 0) {
                start = pos;
                contentEnd = lineEnd;
                end = terminatorEnd(lineEnd);
                pos = end;
                linesConsumed++;
                return true;
            }
            if (eof) {
                if (pos == limit) {
                    return false;
                }
                // The last line, without a line break.
                start = pos;
                contentEnd = limit;
                end = limit;
                pos = limit;
                linesConsumed++;
                return true;
            }
            int scanned = limit - pos;
            if (scanned > 0 && buffer[limit - 1] == '\r') {
                scanned--; // undecided until the next byte is read: scan it again
            }
            if (!fill()) {
                skipOverlongLine();
                return true;
            }
            scanFrom = pos + scanned;
        }
    }

    /**
     * Called when the whole buffer ({@code [0, limit)}, at its largest) is one line without a line
     * break: keeps the line's first bytes, reads on to the end of the line counting its bytes, and
     * leaves the buffer on the line after it.
     */
    private void skipOverlongLine() throws IOException {
        overlongPrefix = Arrays.copyOf(buffer, Math.min(OVERLONG_PREFIX_BYTES, limit));
        long length = 0;
        while (true) {
            int lineEnd = indexOfLineEnd(pos);
            if (lineEnd >= 0) {
                length += lineEnd - pos;
                pos = terminatorEnd(lineEnd);
                break;
            }
            if (eof) {
                length += limit - pos;
                pos = limit;
                break;
            }
            // Nothing of this line is kept beyond the prefix: reuse the whole buffer for what follows, except
            // a last \r, which may be the first half of a \r\n and is looked at again with the next byte.
            int carry = limit > pos && buffer[limit - 1] == '\r' ? 1 : 0;
            length += limit - pos - carry;
            bufferOffset += limit - carry;
            if (carry == 1) {
                buffer[0] = '\r';
            }
            pos = 0;
            limit = carry;
            int read = channel.read(ByteBuffer.wrap(buffer, limit, buffer.length - limit));
            if (read < 0) {
                eof = true;
            } else {
                limit += read;
            }
        }
        overlongLength = length;
        linesConsumed++;
        // The current line's bytes are not in the buffer: its indexes mark an empty line at the reader's position.
        start = pos;
        contentEnd = pos;
        end = pos;
    }

    /**
     * Index of the first byte of the next line terminator ({@code \n} or {@code \r}) at or after
     * {@code from}, or -1 when the buffer holds none yet. A {@code \r} as the last byte in the buffer is
     * a terminator only at end of file: until the byte after it is read it may be the start of {@code \r\n}.
     */
    private int indexOfLineEnd(int from) {
        byte[] b = buffer;
        for (int i = from, n = limit; i < n; i++) {
            byte c = b[i];
            if (c == '\n') {
                return i;
            }
            if (c == '\r') {
                return i + 1 < n || eof ? i : -1;
            }
        }
        return -1;
    }

    /** Index just past the terminator starting at {@code lineEnd}: {@code \r\n}, or {@code \r} or {@code \n} alone. */
    private int terminatorEnd(int lineEnd) {
        return buffer[lineEnd] == '\r' && lineEnd + 1 < limit && buffer[lineEnd + 1] == '\n' ? lineEnd + 2 : lineEnd + 1;
    }

    /** Reads more of the file behind the current line; false when the line already fills the largest buffer. */
    private boolean fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buffer, pos, buffer, 0, limit - pos);
            bufferOffset += pos;
            limit -= pos;
            pos = 0;
        }
        if (limit == buffer.length) {
            if (buffer.length >= MAX_LINE_BYTES) {
                return false;
            }
            byte[] larger = new byte[Math.min(MAX_LINE_BYTES, buffer.length * 2)];
            System.arraycopy(buffer, 0, larger, 0, limit);
            buffer = larger;
        }
        int read = channel.read(ByteBuffer.wrap(buffer, limit, buffer.length - limit));
        if (read < 0) {
            eof = true;
        } else {
            limit += read;
        }
        return true;
    }

    /** True when the current line is longer than {@value #MAX_LINE_BYTES} bytes; its bytes are not in {@link #buffer()}. */
    boolean overlong() {
        return overlongPrefix != null;
    }

    /** The first bytes of the current over-long line (at most {@value #OVERLONG_PREFIX_BYTES}). */
    byte[] overlongPrefix() {
        return overlongPrefix;
    }

    /** The length in bytes of the current over-long line, without its line break. */
    long overlongLength() {
        return overlongLength;
    }

    byte[] buffer() {
        return buffer;
    }

    /** Index in {@link #buffer()} of the current line's first byte. */
    int start() {
        return start;
    }

    /** Index just past the current line's content (before {@code \r\n}, {@code \n} or {@code \r}). */
    int contentEnd() {
        return contentEnd;
    }

    /** Index just past the current line's terminator. */
    int end() {
        return end;
    }

    /** Byte offset in the file of the current line's first byte. */
    long lineOffset() {
        return bufferOffset + start;
    }

    /** Byte offset in the file of the first byte not yet returned. */
    long position() {
        return bufferOffset + pos;
    }

    /** Physical lines returned so far, counting from the offset given to {@link #seek}; the current line's number. */
    long linesConsumed() {
        return linesConsumed;
    }

    long size() throws IOException {
        return channel.size();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

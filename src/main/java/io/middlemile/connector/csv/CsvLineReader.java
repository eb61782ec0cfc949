package io.middlemile.connector.csv;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Splits a file into physical lines as bytes, from any byte offset. Works on bytes (not chars) so
 * that the offset of every line is exact, which is what makes a cursor resume without gaps or
 * repeats, and so that invalid UTF-8 can be reported per line instead of failing the whole read.
 *
 * <p>A line ends at {@code \n}; a {@code \r} just before it is part of the terminator. The last line
 * may have no terminator. The current line ({@link #buffer()}, {@link #start()}, ...) is only valid
 * until the next call to {@link #next()} or {@link #seek}.
 */
final class CsvLineReader implements Closeable {

    /** A "line" longer than this is not a CSV row but a binary or broken file; stop instead of eating memory. */
    static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    private final FileChannel channel;
    private final String file;
    private byte[] buffer = new byte[256 * 1024];
    private int pos;
    private int limit;
    private long bufferOffset;
    private boolean eof;
    private long linesConsumed;

    private int start;
    private int contentEnd;
    private int end;

    CsvLineReader(FileChannel channel, String file) {
        this.channel = channel;
        this.file = file;
    }

    /** Moves to a byte offset; {@code linesConsumed} is the number of physical lines before it. */
    void seek(long offset, long linesConsumed) throws IOException {
        channel.position(offset);
        this.bufferOffset = offset;
        this.pos = 0;
        this.limit = 0;
        this.eof = false;
        this.linesConsumed = linesConsumed;
    }

    /** Reads the next physical line; false at end of file. */
    boolean next() throws IOException {
        int scanFrom = pos;
        while (true) {
            int newline = indexOfNewline(scanFrom);
            if (newline >= 0) {
                start = pos;
                end = newline + 1;
                contentEnd = newline > pos && buffer[newline - 1] == '\r' ? newline - 1 : newline;
                pos = end;
                linesConsumed++;
                return true;
            }
            if (eof) {
                if (pos == limit) {
                    return false;
                }
                start = pos;
                end = limit;
                contentEnd = limit > pos && buffer[limit - 1] == '\r' ? limit - 1 : limit;
                pos = limit;
                linesConsumed++;
                return true;
            }
            int scanned = limit - pos;
            fill();
            scanFrom = pos + scanned;
        }
    }

    private int indexOfNewline(int from) {
        byte[] b = buffer;
        for (int i = from, n = limit; i < n; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buffer, pos, buffer, 0, limit - pos);
            bufferOffset += pos;
            limit -= pos;
            pos = 0;
        }
        if (limit == buffer.length) {
            if (buffer.length >= MAX_LINE_BYTES) {
                throw new CsvFormatException("Line " + (linesConsumed + 1) + " of " + file + " is longer than "
                        + (MAX_LINE_BYTES / (1024 * 1024)) + " MiB without a line break. This does not look like a CSV "
                        + "file; check that the connector points at the right file and that it is not compressed.");
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
    }

    byte[] buffer() {
        return buffer;
    }

    /** Index in {@link #buffer()} of the current line's first byte. */
    int start() {
        return start;
    }

    /** Index just past the current line's content (before {@code \r\n} or {@code \n}). */
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

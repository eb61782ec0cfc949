package io.middlemile.store;

import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Rows for {@code COPY ... FROM STDIN WITH (FORMAT binary)}, collected in a byte buffer and sent a chunk at a time.
 * For rows that are mostly bytea: the text format doubles every byte as hex, which the hub writes and the server
 * reads back (a million contacts' dedupe run is 157 MB of packed items, 314 MB as hex). Not thread-safe.
 * https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4
 */
final class BinaryCopy {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};

    private byte[] buffer = new byte[1 << 16];
    private int length;

    /** Starts the stream with the format's header: the signature, no flags, no header extension. */
    BinaryCopy() {
        ensure(SIGNATURE.length + 8);
        System.arraycopy(SIGNATURE, 0, buffer, 0, SIGNATURE.length);
        length = SIGNATURE.length;
        putInt(0);
        putInt(0);
    }

    /** Starts a row of {@code fields} values; each value follows with one of the methods below, in column order. */
    BinaryCopy row(int fields) {
        ensure(2);
        putShort(fields);
        return this;
    }

    /** A {@code bigint}. */
    BinaryCopy int8(long value) {
        ensure(12);
        putInt(8);
        putInt((int) (value >>> 32));
        putInt((int) value);
        return this;
    }

    /** An {@code integer}. */
    BinaryCopy int4(int value) {
        ensure(8);
        putInt(4);
        putInt(value);
        return this;
    }

    /** A {@code text}, in the connection's encoding (UTF-8). */
    BinaryCopy text(String value) {
        return bytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** A {@code bytea} as it is, or null. */
    BinaryCopy bytes(byte[] value) {
        if (value == null) {
            ensure(4);
            putInt(-1);
            return this;
        }
        ensure(4 + value.length);
        putInt(value.length);
        System.arraycopy(value, 0, buffer, length, value.length);
        length += value.length;
        return this;
    }

    /** Bytes collected and not yet sent. */
    int length() {
        return length;
    }

    /** Writes what was collected into an open COPY and starts over. */
    void sendTo(CopyIn copy) throws SQLException {
        copy.writeToCopy(buffer, 0, length);
        length = 0;
    }

    /** Ends the stream (the trailer) and sends the rest; the COPY is then ended by the caller. */
    void finish(CopyIn copy) throws SQLException {
        ensure(2);
        putShort(-1);
        sendTo(copy);
    }

    private void putShort(int value) {
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void putInt(int value) {
        buffer[length++] = (byte) (value >>> 24);
        buffer[length++] = (byte) (value >>> 16);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}

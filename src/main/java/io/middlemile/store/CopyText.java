package io.middlemile.store;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows for PostgreSQL's COPY text format: an order of magnitude faster than batched inserts when a
 * run settles a million records, and used for record outcomes and the journal. The rows are kept as the UTF-8 bytes
 * the server reads, not in a StringBuilder: a builder that once took a character beyond Latin-1 (a Polish or Greek
 * name) stays two bytes a character and copies every later value a character at a time: 6 % of the samples while a
 * million contacts were read; and COPY wanted the bytes anyway.
 */
final class CopyText {

    private byte[] rows;
    private int length;
    private boolean rowStarted;

    CopyText() {
        this(64 * 1024);
    }

    /** Rows of about {@code capacity} bytes at first; more are made room for. */
    CopyText(int capacity) {
        rows = new byte[capacity];
    }

    CopyText value(Object value) {
        startField();
        if (value == null) {
            ensure(2);
            rows[length++] = '\\';
            rows[length++] = 'N';
            return this;
        }
        String text = value.toString();
        // at most three bytes a character, two for an escape
        ensure(3 * text.length());
        if (plain(text)) {
            return this;
        }
        byte[] out = rows;
        int n = length;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> { out[n++] = '\\'; out[n++] = '\\'; }
                    case '\t' -> { out[n++] = '\\'; out[n++] = 't'; }
                    case '\n' -> { out[n++] = '\\'; out[n++] = 'n'; }
                    case '\r' -> { out[n++] = '\\'; out[n++] = 'r'; }
                    case '\0' -> { }
                    default -> out[n++] = (byte) c;
                }
            } else if (c < 0x800) {
                out[n++] = (byte) (0xc0 | c >> 6);
                out[n++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                out[n++] = (byte) (0xf0 | cp >> 18);
                out[n++] = (byte) (0x80 | cp >> 12 & 0x3f);
                out[n++] = (byte) (0x80 | cp >> 6 & 0x3f);
                out[n++] = (byte) (0x80 | cp & 0x3f);
            } else if (Character.isSurrogate(c)) {
                out[n++] = '?'; // a lone surrogate is no character: replaced, as String.getBytes does
            } else {
                out[n++] = (byte) (0xe0 | c >> 12);
                out[n++] = (byte) (0x80 | c >> 6 & 0x3f);
                out[n++] = (byte) (0x80 | c & 0x3f);
            }
        }
        length = n;
        return this;
    }

    /**
     * Appends {@code text} when it is plain ASCII without a character COPY escapes, as most values are: a check of its
     * characters, then one bulk copy; false, with nothing appended, when it needs the character by character way.
     */
    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int): the one copy of a String's chars into a byte array
    private boolean plain(String text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x80 || c == '\\' || c < 0x20 && (c == '\t' || c == '\n' || c == '\r' || c == 0)) {
                return false;
            }
        }
        text.getBytes(0, n, rows, length);
        length += n;
        return true;
    }

    private void startField() {
        if (rowStarted) {
            ensure(1);
            rows[length++] = '\t';
        }
        rowStarted = true;
    }

    private void ensure(int more) {
        if (length + more > rows.length) {
            rows = Arrays.copyOf(rows, Math.max(rows.length * 2, length + more));
        }
    }

    CopyText endRow() {
        ensure(1);
        rows[length++] = '\n';
        rowStarted = false;
        return this;
    }

    /** Appends whole rows another CopyText made ({@link #take}), as they are. */
    CopyText rows(byte[] made) {
        if (rowStarted) {
            throw new IllegalStateException("rows go between rows, not into one");
        }
        ensure(made.length);
        System.arraycopy(made, 0, rows, length, made.length);
        length += made.length;
        return this;
    }

    boolean isEmpty() {
        return length == 0;
    }

    /** Writes the rows collected so far into an open COPY and starts over, for COPYs too large to hold at once. */
    void sendTo(CopyIn copy) throws SQLException {
        copy.writeToCopy(rows, 0, length);
        length = 0;
    }

    /** Bytes of UTF-8 collected so far. */
    int length() {
        return length;
    }

    /** The rows collected so far, as UTF-8, and starts over. */
    byte[] take() {
        byte[] text = Arrays.copyOf(rows, length);
        length = 0;
        return text;
    }

    /**
     * The values of one row (without its newline) as {@link #value} wrote them: split at tabs, escapes undone,
     * {@code \N} read as null. https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.2
     */
    static List<String> values(String row) {
        List<String> values = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = row.indexOf('\t', start);
            values.add(unescape(row, start, end < 0 ? row.length() : end));
            if (end < 0) {
                return values;
            }
            start = end + 1;
        }
    }

    private static String unescape(String row, int start, int end) {
        int slash = start;
        while (slash < end && row.charAt(slash) != '\\') {
            slash++;
        }
        if (slash == end) {
            return row.substring(start, end); // most values hold no escape
        }
        if (end - start == 2 && row.charAt(start + 1) == 'N') {
            return null;
        }
        StringBuilder value = new StringBuilder(end - start).append(row, start, slash);
        for (int i = slash; i < end; i++) {
            char c = row.charAt(i);
            if (c != '\\' || i + 1 == end) {
                value.append(c);
                continue;
            }
            char escaped = row.charAt(++i);
            value.append(switch (escaped) {
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'r' -> '\r';
                default -> escaped; // a backslash
            });
        }
        return value.toString();
    }

    /** Sends the rows with {@code copy TABLE (COLUMNS) from stdin} on this connection. */
    void copyInto(Connection connection, String tableAndColumns) throws SQLException {
        if (isEmpty()) {
            return;
        }
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("copy " + tableAndColumns + " from stdin with (format text)");
        copy.writeToCopy(rows, 0, length);
        copy.endCopy();
    }
}

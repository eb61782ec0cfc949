package io.middlemile.connector.csv;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads logical CSV records (RFC 4180) from a file, starting after the header or at any byte offset
 * a previous read stopped at.
 *
 * <p>How a record is found: physical lines ({@link CsvLineReader}: ending in {@code \r\n}, {@code \n}
 * or {@code \r}) are joined while a quoted field is open (tracked on the bytes; {@code "} never occurs
 * inside a multi-byte UTF-8 sequence), with the line breaks between them kept in the value as they
 * are. Then the record is split into fields: by the delimiter when it contains no quote at all (which
 * is exactly RFC 4180 for unquoted fields, and fast), otherwise by Commons CSV. Only then is it
 * checked to be strict UTF-8, so that a bad byte never decides how many lines a record covers.
 *
 * <p>Nothing is lost silently: every non-blank line ends up in a good row or a rejected row. Blank
 * lines (no characters at all) are not records and are skipped without being counted. A quoted
 * field still open after {@value #MAX_RECORD_LINES} lines, 1 MiB or at end of file, or a multi-line
 * record that does not form a valid row (bad quoting or the wrong column count, whatever bytes it
 * holds), is taken to be a stray quote: only the line where it started is rejected and reading
 * resumes on the next line, so one bad quote does not swallow the rest of the file.
 *
 * <p>A physical line longer than {@link CsvLineReader#MAX_LINE_BYTES} is rejected as a row of its own
 * (with only its first {@value #MAX_RAW_CHARS} characters as raw input) and reading goes on with the
 * line after it; only an over-long header line fails the whole file.
 */
final class CsvRecordReader implements Closeable {

    static final int MAX_RECORD_LINES = 1_000;
    static final int MAX_RECORD_BYTES = 1024 * 1024;
    static final int MAX_RAW_CHARS = 2_000;
    static final int FINGERPRINT_BYTES = 64 * 1024;
    private static final int MAX_LINE_MIB = CsvLineReader.MAX_LINE_BYTES / (1024 * 1024);

    private final Path path;
    private final String name;
    private final FileChannel channel;
    private final CsvLineReader lines;
    private final long sizeAtOpen;
    private final String fingerprint;
    private final QuoteScanner scanner = new QuoteScanner();
    private final CharsetDecoder strictUtf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private char delimiter;
    private List<String> header;
    private long headerLine;
    private long dataOffset;
    private long dataLine;

    /** Bytes of the logical record being assembled, without its final line terminator. */
    private byte[] record = new byte[4096];
    private int recordLength;
    /** Start index in {@link #record} of each physical line of the record. */
    private int[] lineStarts = new int[16];
    private int lineCount;

    private CsvRecordReader(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.name = path.getFileName().toString();
        this.channel = channel;
        this.lines = new CsvLineReader(channel);
        this.sizeAtOpen = channel.size();
        this.fingerprint = fingerprint(channel, Math.min(FINGERPRINT_BYTES, sizeAtOpen));
    }

    /**
     * Opens the file and reads its header. {@code delimiterSetting} is the connector's setting
     * ({@code auto} detects from the header line). Leaves the reader positioned on the first data line.
     */
    static CsvRecordReader open(Path path, String delimiterSetting) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        CsvRecordReader reader = new CsvRecordReader(path, channel);
        try {
            reader.readHeader(CsvDelimiter.configured(delimiterSetting));
            return reader;
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    private void readHeader(char configuredDelimiter) throws IOException {
        lines.seek(hasUtf8Bom() ? 3 : 0, 0);
        do {
            if (!lines.next()) {
                throw new CsvFormatException("CSV file " + path.toAbsolutePath() + " is empty: there is no header row. "
                        + "The first line must name the columns; check that the export finished writing.");
            }
            if (lines.overlong()) {
                // Without a header no row can be read, so this one fails the file rather than a row.
                throw new CsvFormatException("The header row of " + path.toAbsolutePath() + " (line " + lines.linesConsumed()
                        + ") is " + String.format(Locale.ROOT, "%,d", lines.overlongLength()) + " bytes long without a line "
                        + "break, more than the " + MAX_LINE_MIB + " MiB a line may have. This does not look like a CSV file; "
                        + "check that the connector points at the right file and that it is not compressed or binary.");
            }
        } while (lines.contentEnd() == lines.start());
        delimiter = configuredDelimiter != 0 ? configuredDelimiter
                : CsvDelimiter.detect(lines.buffer(), lines.start(), lines.contentEnd());
        // Read the header line again as a full record: a quoted column name may contain a line break.
        lines.seek(lines.lineOffset(), lines.linesConsumed() - 1);
        lines.next();
        CsvRow row = readRecord();
        if (row.rejected()) {
            throw new CsvFormatException("The header row of " + path.toAbsolutePath() + " (line " + row.line()
                    + ") cannot be read: " + row.reason() + ". Fix the header line of the export.");
        }
        List<String> columns = List.of(row.values());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            Integer first = seen.putIfAbsent(columns.get(i), i);
            if (first != null) {
                // Names and list are cut: a damaged header can make one "column" of the whole file.
                throw new CsvFormatException("The header row of " + path.toAbsolutePath() + " (line " + row.line()
                        + ") names column '" + CsvMessages.name(columns.get(i)) + "' twice (columns " + (first + 1) + " and "
                        + (i + 1) + " of " + columns.size() + "): " + CsvMessages.list(columns)
                        + ". Rename or remove one of them in the export.");
            }
        }
        header = columns;
        headerLine = row.line();
        dataOffset = lines.position();
        dataLine = lines.linesConsumed();
    }

    private boolean hasUtf8Bom() throws IOException {
        if (sizeAtOpen < 3) {
            return false;
        }
        // A positional read does not move the channel position the line reader relies on.
        ByteBuffer first = ByteBuffer.allocate(3);
        while (first.hasRemaining() && channel.read(first, first.position()) >= 0) {
            // loop until the three bytes are in
        }
        return first.get(0) == (byte) 0xEF && first.get(1) == (byte) 0xBB && first.get(2) == (byte) 0xBF;
    }

    /** Returns the next record or rejected row, or null at end of file. */
    CsvRow next() throws IOException {
        while (lines.next()) {
            if (lines.overlong()) {
                return overlong();
            }
            if (lines.contentEnd() != lines.start()) {
                return readRecord();
            }
            // A blank line is not a record (RFC 4180 has no empty records); skipped and not counted.
        }
        return null;
    }

    /** Moves to a position returned earlier by {@link #position()} and {@link #linesConsumed()}. */
    void seek(long offset, long linesConsumed) throws IOException {
        lines.seek(offset, linesConsumed);
    }

    /** Reads the logical record starting on the current physical line. */
    private CsvRow readRecord() throws IOException {
        long startLine = lines.linesConsumed();
        long afterFirstLine = lines.position();
        recordLength = 0;
        lineCount = 0;
        scanner.reset(delimiter);
        addLine();
        int firstLineLength = recordLength;
        while (scanner.quoted()) {
            boolean hasTerminator = lines.end() > lines.contentEnd();
            if (lineCount >= MAX_RECORD_LINES || recordLength > MAX_RECORD_BYTES || !hasTerminator) {
                return unterminated(startLine, afterFirstLine, firstLineLength, "it is still open "
                        + (hasTerminator ? "after " + lineCount + " lines" : "at the end of the file"));
            }
            // The line break is part of the quoted value.
            append(lines.buffer(), lines.contentEnd(), lines.end());
            if (!lines.next()) {
                return unterminated(startLine, afterFirstLine, firstLineLength, "it is still open at the end of the file");
            }
            if (lines.overlong()) {
                // Not part of any value: the next read rejects that line on its own, with its own reason.
                return unterminated(startLine, afterFirstLine, firstLineLength, "it is still open when line "
                        + lines.linesConsumed() + " turns out longer than " + MAX_LINE_MIB + " MiB");
            }
            addLine();
        }

        // Decoded leniently first (an invalid byte becomes U+FFFD, every ASCII byte stays as it is), so that the
        // shape of the record (quoting, column count) is judged before its encoding: a stray quote whose span
        // holds an invalid byte must be rewound like any other stray quote, not rejected whole with the valid
        // rows inside it.
        String text = new String(record, 0, recordLength, StandardCharsets.UTF_8);
        String invalidUtf8 = text.indexOf('\uFFFD') >= 0 ? findInvalidUtf8(startLine) : null;
        String[] values = null;
        String problem = null;
        if (scanner.error() != null) {
            problem = "bad quoting: " + scanner.error() + " " + describeField(scanner.errorField())
                    + "; put the whole value in quotes and double every quote inside it (\"\")";
        } else if (!scanner.sawQuote()) {
            values = split(text, scanner.fieldCount());
        } else {
            values = unquote(text, scanner.fieldCount());
        }
        if (problem == null && header != null && values.length != header.size()) {
            problem = "expected " + header.size() + " columns (from the header), found " + values.length
                    + "; check for an unquoted " + CsvDelimiter.describe(delimiter) + " inside a value";
        }
        if (problem != null && lineCount > 1) {
            // Not a row: the quote that joined these lines was a stray one. Rewinding rejects only its line; the
            // lines after it are read again as rows of their own (one with the invalid byte is rejected for it there).
            return unterminated(startLine, afterFirstLine, firstLineLength, "the lines up to line "
                    + (startLine + lineCount - 1) + " do not form a valid row (" + problem + ")");
        }
        if (invalidUtf8 != null) {
            // A row of the right shape (one line, or a multi-line quoted value that closes properly) with a byte
            // that is not UTF-8: the whole row is rejected, and nothing else is in it. The encoding is named first
            // even when the row has other problems, since a file in the wrong encoding is the usual cause.
            return new CsvRow(startLine, null, invalidUtf8, raw(text));
        }
        if (problem != null) {
            return new CsvRow(startLine, values, problem, raw(text));
        }
        return new CsvRow(startLine, values, null, null);
    }

    /**
     * The current line is longer than a line may be: rejected with its first characters only, and the
     * line reader already stands on the line after it.
     */
    private CsvRow overlong() {
        long line = lines.linesConsumed();
        String prefix = new String(lines.overlongPrefix(), StandardCharsets.UTF_8);
        return new CsvRow(line, null, "line " + line + " is " + String.format(Locale.ROOT, "%,d", lines.overlongLength())
                + " bytes long, more than the " + MAX_LINE_MIB + " MiB a CSV row may have, so it was not read (only its first "
                + MAX_RAW_CHARS + " characters are kept as its raw input). Usually a cell holds a whole document or "
                + "attachment, or that part of the file is damaged (binary or NUL bytes); "
                + "fix or remove the line in the export and run the job again. Only this line was rejected: the lines "
                + "after it were read as rows of their own", raw(prefix));
    }

    /** Rejects only the line the quote opened on and resumes reading on the line after it. */
    private CsvRow unterminated(long startLine, long afterFirstLine, int firstLineLength, String detail) throws IOException {
        String raw = raw(new String(record, 0, firstLineLength, StandardCharsets.UTF_8));
        lines.seek(afterFirstLine, startLine);
        return new CsvRow(startLine, null, "unterminated quoted field starting at line " + startLine + ": " + detail
                + "; a quote inside a quoted value must be doubled (\"\"). Only this line was rejected; "
                + "the following lines were read as rows of their own", raw);
    }

    private void addLine() {
        if (lineCount == lineStarts.length) {
            lineStarts = Arrays.copyOf(lineStarts, lineCount * 2);
        }
        lineStarts[lineCount++] = recordLength;
        byte[] b = lines.buffer();
        append(b, lines.start(), lines.contentEnd());
        scanner.scan(b, lines.start(), lines.contentEnd());
    }

    private void append(byte[] source, int from, int to) {
        int length = to - from;
        if (recordLength + length > record.length) {
            record = Arrays.copyOf(record, Math.max(record.length * 2, recordLength + length));
        }
        System.arraycopy(source, from, record, recordLength, length);
        recordLength += length;
    }

    /** Locates the first invalid UTF-8 byte, or null when the replacement char was in the file itself. */
    private String findInvalidUtf8(long startLine) {
        strictUtf8.reset();
        ByteBuffer in = ByteBuffer.wrap(record, 0, recordLength);
        CharBuffer out = CharBuffer.allocate(recordLength + 1);
        CoderResult result = strictUtf8.decode(in, out, true);
        if (!result.isError()) {
            return null;
        }
        int index = in.position();
        int physical = 0;
        while (physical + 1 < lineCount && lineStarts[physical + 1] <= index) {
            physical++;
        }
        int column = index - lineStarts[physical] + 1;
        return "invalid UTF-8 at byte column " + column + (physical == 0 ? "" : " of line " + (startLine + physical))
                + "; the file must be saved as UTF-8 (convert it with: iconv -f WINDOWS-1252 -t UTF-8)";
    }

    private String[] split(String text, int fieldCount) {
        String[] values = new String[fieldCount];
        int from = 0;
        for (int i = 0; i < fieldCount - 1; i++) {
            int at = text.indexOf(delimiter, from);
            values[i] = text.substring(from, at);
            from = at + 1;
        }
        values[fieldCount - 1] = text.substring(from);
        return values;
    }

    /**
     * The values of a row whose quoting the scanner found valid (RFC 4180: a quoted value fills its field from quote to
     * quote, a quote inside it doubled): quoted values without their quotes, {@code ""} as one quote, line breaks
     * inside them kept (one outside quotes ended the line before: CsvLineReader). Not a Commons CSV parser per row, as
     * before (each took a 16 KB buffer): Salesforce's Data Loader quotes every value, and a million contacts with half
     * of them from such an export read 1.3 s slower than unquoted.
     * https://www.rfc-editor.org/rfc/rfc4180#section-2
     */
    private String[] unquote(String text, int fieldCount) {
        String[] values = new String[fieldCount];
        int at = 0;
        for (int f = 0; f < fieldCount; f++) {
            if (at < text.length() && text.charAt(at) == '"') {
                int close = text.indexOf('"', at + 1);
                if (close + 1 == text.length() || text.charAt(close + 1) != '"') {
                    values[f] = text.substring(at + 1, close); // no quote inside: the common case, one copy
                } else {
                    StringBuilder value = new StringBuilder(close - at + 16);
                    int from = at + 1;
                    while (close + 1 < text.length() && text.charAt(close + 1) == '"') {
                        value.append(text, from, close + 1);
                        from = close + 2;
                        close = text.indexOf('"', from);
                    }
                    values[f] = value.append(text, from, close).toString();
                }
                at = close + 2; // past the closing quote and the delimiter after it
            } else {
                int end = text.indexOf(delimiter, at);
                end = end < 0 ? text.length() : end;
                values[f] = text.substring(at, end);
                at = end + 1;
            }
        }
        return values;
    }

    private String describeField(int index) {
        return header != null && index < header.size() ? (index + 1) + " (" + CsvMessages.name(header.get(index)) + ")"
                : String.valueOf(index + 1);
    }

    private static String raw(String text) {
        return text.length() <= MAX_RAW_CHARS ? text : text.substring(0, MAX_RAW_CHARS);
    }

    static String fingerprint(FileChannel channel, long length) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            long position = 0;
            while (position < length) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), length - position));
                int read = channel.read(buffer, position);
                if (read < 0) {
                    break;
                }
                buffer.flip();
                sha.update(buffer);
                position += read;
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The fingerprint of the first {@code length} bytes as the file is now. */
    String fingerprintOfFirst(long length) throws IOException {
        return fingerprint(channel, length);
    }

    List<String> header() {
        return header;
    }

    /** The physical line the header row starts on. */
    long headerLine() {
        return headerLine;
    }

    char delimiter() {
        return delimiter;
    }

    String fileName() {
        return name;
    }

    long dataOffset() {
        return dataOffset;
    }

    long dataLine() {
        return dataLine;
    }

    long sizeAtOpen() {
        return sizeAtOpen;
    }

    String fingerprint() {
        return fingerprint;
    }

    long position() {
        return lines.position();
    }

    long linesConsumed() {
        return lines.linesConsumed();
    }

    long currentSize() throws IOException {
        return lines.size();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }

    /**
     * RFC 4180 quote state over the bytes of one logical record, strict: a quote may only open a
     * field or close it (or be doubled inside it).
     */
    static final class QuoteScanner {
        private static final int FIELD_START = 0;
        private static final int UNQUOTED = 1;
        private static final int QUOTED = 2;
        private static final int QUOTE_IN_QUOTED = 3;

        private byte delimiter;
        private int state;
        private int field;
        private boolean sawQuote;
        private String error;
        private int errorField;

        void reset(char delimiter) {
            this.delimiter = (byte) delimiter;
            state = FIELD_START;
            field = 0;
            sawQuote = false;
            error = null;
        }

        void scan(byte[] b, int from, int to) {
            byte d = delimiter;
            int s = state;
            for (int i = from; i < to; i++) {
                byte c = b[i];
                switch (s) {
                    case FIELD_START -> {
                        if (c == '"') {
                            s = QUOTED;
                            sawQuote = true;
                        } else if (c == d) {
                            field++;
                        } else {
                            s = UNQUOTED;
                        }
                    }
                    case UNQUOTED -> {
                        if (c == d) {
                            field++;
                            s = FIELD_START;
                        } else if (c == '"') {
                            sawQuote = true;
                            fail("a quote in the middle of unquoted field");
                        }
                    }
                    case QUOTED -> {
                        if (c == '"') {
                            s = QUOTE_IN_QUOTED;
                        }
                    }
                    default -> {
                        if (c == '"') {
                            s = QUOTED;
                        } else if (c == d) {
                            field++;
                            s = FIELD_START;
                        } else {
                            fail("text after the closing quote of field");
                            s = UNQUOTED;
                        }
                    }
                }
            }
            state = s;
        }

        private void fail(String message) {
            if (error == null) {
                error = message;
                errorField = field;
            }
        }

        /** True while a quoted field is open, i.e. a line break is part of the value. */
        boolean quoted() {
            return state == QUOTED;
        }

        boolean sawQuote() {
            return sawQuote;
        }

        int fieldCount() {
            return field + 1;
        }

        String error() {
            return error;
        }

        int errorField() {
            return errorField;
        }
    }
}

package io.middlemile.abuse;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.RejectedRecord;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;
import io.middlemile.connector.csv.CsvConnector;
import io.middlemile.connector.Providers;
import io.middlemile.mapping.Transforms;
import io.middlemile.testing.TestWorkspaces;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.WorkspaceLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Abuse of CSV input (issue #11): the sample export {@code samples/contacts.csv} is damaged with fixed seeds
 * and read through the bundled {@code legacy-crm-export} connection page by page, as a job reads it (some
 * cases reopen the connector from the cursor before every page, as a resumed run does). Whatever the damage:
 * <ul>
 *   <li>no exception escapes, except a clear refusal of the whole file when its header was damaged;</li>
 *   <li>every physical line is accounted for: each non-blank line after the header belongs to exactly one
 *       accepted or rejected record (the reader's definition: a line ends at {@code \r\n}, {@code \n} or a
 *       lone {@code \r}, a quoted value may span lines, a blank line is not a record);</li>
 *   <li>every rejection names {@code file:line} and a reason;</li>
 *   <li>rows outside the damaged bytes are read exactly as from the undamaged file, at their (shifted)
 *       line, unless a record that starts in the damage legitimately spans them.</li>
 * </ul>
 * A failing random case prints its number and seed; re-run it alone with {@code -Dabuse.case=N}.
 */
class CsvInputFuzzTest {

    private static final long BASE_SEED = 20_251_200L;
    private static final int CASES = 300;
    private static final Duration PER_CASE = Duration.ofSeconds(5);
    private static final String FILE = "samples/contacts.csv";
    private static final String OBJECT = "contacts";
    /** What the reader keeps of a rejected row's text; a longer raw text was cut, so its line count is unknown. */
    private static final int RAW_LIMIT = 2_000;
    private static final Pattern JAVA_INTERNALS = Pattern.compile("\\b(java|javax|io\\.middlemile|org\\.apache)\\.[a-z]|Exception|\\tat ");

    @TempDir
    static Path workspace;
    private static ConnectorConfig connection;
    private static byte[] original;
    /** The undamaged file as read: the reference for every row outside the damage. */
    private static Outcome baseline;

    @BeforeAll
    static void readTheUndamagedExport() throws IOException {
        TestWorkspaces.copyBundled(workspace);
        connection = new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).load(workspace).orThrow().connectors().get("legacy-crm-export");
        assertThat(connection.csv().file()).isEqualTo(FILE);
        original = Files.readAllBytes(workspace.resolve(FILE));
        baseline = read(new Reading(500, false));

        // the sample is messy on purpose: a two-line quoted value (1025), an extra column (1026), a stray quote (1027)
        assertThat(baseline.thrown).isNull();
        assertThat(baseline.rows).hasSize(28);
        assertThat(baseline.rows).filteredOn(Row::rejected).extracting(Row::line).containsExactly(28L, 29L);
        assertThat(baseline.rows).filteredOn(row -> row.line == 26).singleElement().extracting(Row::span).isEqualTo(2);
        assertAccounted(baseline, original, "the undamaged file");
    }

    // ---------------------------------------------------------------- random damage

    @TestFactory
    Stream<DynamicTest> randomDamageIsAccountedFor() {
        return IntStream.range(0, CASES).filter(Mutator::selected).mapToObj(number -> {
            Case damage = damage(number);
            return dynamicTest(damage.toString(), () -> check(damage));
        });
    }

    /** How a case reads: page size, and whether the connector is reopened from the cursor before every page. */
    record Reading(int pageSize, boolean reopenEachPage) {
    }

    record Case(int number, long seed, List<Mutator.Edit> edits, Reading reading) {
        @Override
        public String toString() {
            return "case " + number + " (seed " + seed + "): " + FILE + ": " + edits + ", pages of " + reading.pageSize
                    + (reading.reopenEachPage ? ", reopened before each page" : "");
        }

        boolean touchesHeader() {
            // a BOM put before the header is not damage: the reader skips it
            return edits.stream().anyMatch(edit -> edit.from() < headerEnd()
                    && !(edit.from() == 0 && edit.to() == 0 && Arrays.equals(edit.replacement(), Mutator.BOM)));
        }
    }

    static Case damage(int number) {
        long seed = BASE_SEED + number;
        Mutator m = new Mutator(seed, original);
        // one case in ten may damage the header line too; the others leave it alone, so that rows can be compared
        int from = m.random().nextInt(10) == 0 ? 0 : headerEnd();
        int wanted = 1 + m.random().nextInt(2);
        List<Mutator.Edit> edits = new ArrayList<>();
        for (int attempt = 0; edits.size() < wanted && attempt < 10; attempt++) {
            Mutator.Edit edit = csvEdit(m, from);
            if (edits.stream().noneMatch(kept -> kept.from() <= edit.to() && edit.from() <= kept.to())) {
                edits.add(edit);
            }
        }
        Reading reading = new Reading(List.of(1, 3, 7, 500).get(m.random().nextInt(4)), m.random().nextBoolean());
        return new Case(number, seed, List.copyOf(edits), reading);
    }

    /** One kind of damage from byte {@code from} on, chosen by the seed. */
    private static Mutator.Edit csvEdit(Mutator m, int from) {
        int fromLine = from == 0 ? 0 : 1;
        int line = m.randomLine(fromLine);
        return switch (m.random().nextInt(18)) {
            case 0 -> m.insert(from, new byte[] {'"'}, "quote");
            case 1 -> atDelimiter(m, line, 1, "\"", "unclosed quote opening a field");
            case 2 -> m.insert(from, new byte[] {','}, "extra delimiter");
            case 3 -> atDelimiter(m, line, 0, "", "delimiter deleted");
            case 4 -> m.insert(from, new byte[] {0}, "NUL byte");
            case 5 -> m.invalidUtf8(from);
            case 6 -> new Mutator.Edit(0, 0, Mutator.BOM, "BOM at the start");
            case 7 -> m.insert(from, Mutator.BOM, "BOM");
            case 8 -> m.carriageReturnsOnly(fromLine);
            case 9, 10 -> longField(m, line);
            case 11 -> m.flipBit(from);
            case 12 -> m.truncate(from);
            case 13 -> m.deleteLine(fromLine);
            case 14 -> m.duplicateLine(fromLine);
            case 15 -> m.insert(from, new byte[] {(byte) (m.random().nextBoolean() ? '\n' : '\r')}, "line break");
            case 16 -> m.insert(m.lineStart(line) == 0 ? m.lineEnd(0) : m.lineStart(line),
                    List.of("\n", "\r\n", "   \r\n", "\n\n\n", ",,,,,,,,,\r\n").get(m.random().nextInt(5)).getBytes(StandardCharsets.UTF_8),
                    "blank or empty line");
            default -> m.insert(from, "\"\"".getBytes(StandardCharsets.UTF_8), "doubled quote");
        };
    }

    /** At a delimiter of {@code line}: keeps {@code keep} bytes of it (0 deletes it, 1 keeps it) and adds {@code text}. */
    private static Mutator.Edit atDelimiter(Mutator m, int line, int keep, String text, String what) {
        List<Integer> commas = commas(m.line(line));
        if (commas.isEmpty()) {
            return m.flipBit(m.lineStart(line));
        }
        int at = byteOffset(m, line, m.pick(commas));
        return new Mutator.Edit(at + keep, at + 1, text.getBytes(StandardCharsets.UTF_8), what + " on line " + (line + 1));
    }

    /** The field after a delimiter of {@code line} replaced by 10 KB to 1.3 MB: plain, quoted with delimiters and quotes, or quoted across lines. */
    private static Mutator.Edit longField(Mutator m, int line) {
        int length = 10_000 << m.random().nextInt(8);
        int kind = m.random().nextInt(3);
        String value = switch (kind) {
            case 0 -> "x".repeat(length);
            case 1 -> "\"" + "a,\"\"b".repeat(length / 5) + "\"";
            default -> "\"" + ("y".repeat(998) + "\r\n").repeat(length / 1_000) + "\"";
        };
        String content = m.line(line);
        List<Integer> commas = commas(content);
        if (commas.isEmpty()) {
            return m.flipBit(m.lineStart(line));
        }
        int comma = m.pick(commas);
        int next = content.indexOf(',', comma + 1);
        return new Mutator.Edit(byteOffset(m, line, comma + 1), byteOffset(m, line, next < 0 ? content.length() : next),
                value.getBytes(StandardCharsets.UTF_8), List.of("plain", "quoted", "multi-line").get(kind) + " field of "
                + value.length() + " characters on line " + (line + 1));
    }

    private static List<Integer> commas(String content) {
        List<Integer> commas = new ArrayList<>();
        for (int i = content.indexOf(','); i >= 0; i = content.indexOf(',', i + 1)) {
            commas.add(i);
        }
        return commas;
    }

    /** Byte offset in the file of character {@code index} of 0-based line {@code line}. */
    private static int byteOffset(Mutator m, int line, int index) {
        return m.lineStart(line) + m.line(line).substring(0, index).getBytes(StandardCharsets.UTF_8).length;
    }

    private static void check(Case damage) throws IOException {
        byte[] damaged = Mutator.Edit.applyAll(original, damage.edits);
        Files.write(workspace.resolve(FILE), damaged);
        try {
            Outcome outcome = assertTimeoutPreemptively(PER_CASE, () -> read(damage.reading),
                    () -> damage + ": reading did not finish within " + PER_CASE.toMillis() + " ms");
            if (outcome.thrown != null) {
                assertClearRefusal(outcome, damage);
                return;
            }
            assertAccounted(outcome, damaged, damage.toString());
            assertClearRejections(outcome, damage.toString());
            if (!damage.touchesHeader()) {
                assertUndamagedRowsUnchanged(outcome, damaged, damage);
            }
        } finally {
            Files.write(workspace.resolve(FILE), original);
        }
    }

    // ---------------------------------------------------------------- bugs found, fixed, kept as regression cases
    // Found by running 3,000 cases once; the first 300 run always, these found beyond them run too.

    @ParameterizedTest(name = "case {0}")
    @ValueSource(ints = {537, 2122, 2495})
    void seededCasesOfAStrayQuoteSwallowingValidRows(int number) throws IOException {
        check(damage(number));
    }

    @Test
    void aStrayQuoteDoesNotSwallowValidRowsWhenItsSpanHoldsInvalidUtf8() throws IOException {
        String text = new String(original, StandardCharsets.UTF_8);
        byte[] damaged = text.replace("1002,LIZ", "1002,\"LIZ").replace("1004,Anna", "1004,An\u0001na").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < damaged.length; i++) {
            if (damaged[i] == 1) {
                damaged[i] = (byte) 0xFF; // invalid UTF-8 on line 5 only
            }
        }
        Files.write(workspace.resolve(FILE), damaged);
        try {
            Outcome outcome = read(new Reading(500, false));

            // as with every other stray quote: line 3 rejected, reading resumes on line 4; line 5 rejected for its byte
            assertThat(outcome.rows).filteredOn(Row::rejected).extracting(Row::line).containsExactly(3L, 5L, 28L, 29L);
            assertThat(outcome.rows).filteredOn(row -> !row.rejected()).extracting(Row::line).contains(4L, 6L, 7L);
        } finally {
            Files.write(workspace.resolve(FILE), original);
        }
    }

    @ParameterizedTest(name = "case {0}")
    @ValueSource(ints = {459, 2409})
    void seededCasesOfAnUnboundedRefusal(int number) throws IOException {
        check(damage(number));
    }

    @Test
    void aFileWithBareCarriageReturnsIsReadOrRefusedWithAShortMessageThatSaysSo() throws IOException {
        StringBuilder export = new StringBuilder("Record ID,First Name,Last Name,Email,Phone,Company,Website,Job Title,Country,Last Modified");
        for (int i = 0; i < 2_000; i++) {
            export.append('\r').append(2_000 + i).append(",Ann,Lee,ann").append(i).append("@example.com,1,Acme,acme.com,CEO,US,2024-01-01T00:00:00Z");
        }
        Files.writeString(workspace.resolve(FILE), export.append('\r'));
        try {
            Outcome outcome = read(new Reading(500, false));

            // either the reader takes a bare CR as a line end (then every row reads), or it refuses the file saying why
            if (outcome.thrown == null) {
                assertThat(outcome.rows).hasSize(2_000).noneMatch(Row::rejected);
            } else {
                assertThat(outcome.thrown.getMessage()).containsIgnoringCase("line end").hasSizeLessThan(1_000);
            }
        } finally {
            Files.write(workspace.resolve(FILE), original);
        }
    }

    // ---------------------------------------------------------------- reading as a job reads

    /** One accepted or rejected record: its first physical line and how many lines it covers (0: unknown, raw text cut). */
    record Row(long line, int span, SourceRecord record, RejectedRecord rejection) {
        boolean rejected() {
            return rejection != null;
        }
    }

    /** Everything read, or what was thrown. */
    record Outcome(List<Row> rows, Throwable thrown, int pagesBeforeThrow) {
    }

    private static Outcome read(Reading reading) {
        List<Row> rows = new ArrayList<>();
        Cursor cursor = Cursor.START;
        CsvConnector connector = null;
        int pages = 0;
        try {
            for (; pages < 100_000; pages++) {
                if (connector == null || reading.reopenEachPage) {
                    if (connector != null) {
                        connector.close();
                    }
                    connector = new CsvConnector(connection.id(), connection.csv(), connection.objects(), workspace);
                }
                SourcePage page = connector.readChanges(OBJECT, cursor, reading.pageSize);
                assertThat(page.size()).as("page %d holds at most the page size", pages).isLessThanOrEqualTo(reading.pageSize);
                page.records().forEach(record -> rows.add(new Row(line(record.location()), span(record), record, null)));
                page.rejected().forEach(rejection -> rows.add(new Row(line(rejection.location()), span(rejection), null, rejection)));
                cursor = page.next();
                if (page.last()) {
                    rows.sort(Comparator.comparingLong(Row::line));
                    return new Outcome(rows, null, pages);
                }
            }
            throw new AssertionError("never reached the last page");
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable e) { // StackOverflowError and OutOfMemoryError included: the checks decide what may escape
            return new Outcome(rows, e, pages);
        } finally {
            if (connector != null) {
                connector.close();
            }
        }
    }

    private static long line(String location) {
        assertThat(location).as("location").startsWith(FILE + ":");
        return Long.parseLong(location.substring(FILE.length() + 1));
    }

    /** An accepted record covers one line plus one per line break inside its values (only a quoted value holds one). */
    private static int span(SourceRecord record) {
        int breaks = 0;
        for (Object value : record.fields().values()) {
            breaks += lineBreaks(String.valueOf(value));
        }
        return 1 + breaks;
    }

    /** A stray quote rejects only its first line; another rejected record covers the lines of its raw text. */
    private static int span(RejectedRecord rejection) {
        if (rejection.reason() != null && rejection.reason().startsWith("unterminated quoted field")) {
            return 1;
        }
        String raw = Objects.requireNonNullElse(rejection.raw(), "");
        return raw.length() >= RAW_LIMIT ? 0 : 1 + lineBreaks(raw);
    }

    /** Line breaks as the reader counts them: {@code \r\n}, {@code \n} and a lone {@code \r} are one each. */
    private static int lineBreaks(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n')) {
                n++;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- the checks

    /** Only a damaged header may make the whole file unreadable, and then with a clear, short message naming the file. */
    private static void assertClearRefusal(Outcome outcome, Case damage) {
        Throwable thrown = outcome.thrown;
        if (!(thrown instanceof ConnectorException refusal) || !damage.touchesHeader()) {
            fail(damage + ": reading threw", thrown);
            return;
        }
        assertThat(refusal.kind()).as("%s: %s", damage, refusal.getMessage()).isEqualTo(ConnectorException.Kind.INVALID_REQUEST);
        assertThat(outcome.pagesBeforeThrow).as("%s: refused only before the first page", damage).isZero();
        assertThat(refusal.getMessage()).as(damage.toString()).contains(workspace.resolve(FILE).toString())
                .hasSizeLessThan(2_000).doesNotContainPattern(JAVA_INTERNALS);
    }

    /** Every non-blank physical line after the header is covered by exactly one record, and no record covers other lines. */
    private static void assertAccounted(Outcome outcome, byte[] bytes, String damage) {
        List<byte[]> lines = physicalLines(bytes);
        int header = headerLine(lines);
        assertThat(header).as("%s: the file has a header line", damage).isPositive();
        int headerSpan = outcome.rows.stream().filter(row -> row.record != null).findFirst()
                .map(row -> 1 + row.record.fields().keySet().stream().mapToInt(CsvInputFuzzTest::lineBreaks).sum()).orElse(1);
        int firstData = header + headerSpan;
        long[] coveredBy = new long[lines.size() + 2];
        for (int i = 0; i < outcome.rows.size(); i++) {
            Row row = outcome.rows.get(i);
            String context = damage + "\n  row at line " + row.line + " (" + (row.rejected() ? "rejected: " + row.rejection.reason() : "accepted") + ")";
            assertThat(row.line).as("%s\n  starts after the header and within the file", context).isBetween((long) firstData, (long) lines.size());
            assertThat(isBlank(lines.get((int) row.line - 1))).as("%s\n  starts on a non-blank line", context).isFalse();
            long last = row.span == 0 ? nextStart(outcome.rows, i, lines.size()) - 1 : row.line + row.span - 1;
            assertThat(last).as("%s\n  ends within the file", context).isLessThanOrEqualTo(lines.size());
            for (long covered = row.line; covered <= last; covered++) {
                assertThat(coveredBy[(int) covered]).as("%s\n  line %d is also part of the record at line %d", context, covered,
                        coveredBy[(int) covered]).isZero();
                coveredBy[(int) covered] = row.line;
            }
        }
        for (int line = firstData; line <= lines.size(); line++) {
            if (!isBlank(lines.get(line - 1))) {
                assertThat(coveredBy[line]).as("%s\n  line %d (%s) is neither accepted nor rejected", damage, line,
                        abbreviate(new String(lines.get(line - 1), StandardCharsets.UTF_8))).isPositive();
            }
        }
    }

    private static long nextStart(List<Row> rows, int index, int lineCount) {
        return index + 1 < rows.size() ? rows.get(index + 1).line : lineCount + 1;
    }

    private static void assertClearRejections(Outcome outcome, String damage) {
        for (Row row : outcome.rows) {
            if (row.rejected()) {
                RejectedRecord rejection = row.rejection;
                String context = damage + "\n  rejection " + rejection.location() + ": " + abbreviate(String.valueOf(rejection.reason()));
                assertThat(rejection.location()).as(context).isEqualTo(FILE + ":" + row.line);
                assertThat(rejection.reason()).as("%s\n  has a reason", context).isNotBlank().doesNotContainPattern(JAVA_INTERNALS);
                assertThat(rejection.reason().length()).as("%s\n  reason stays short", context).isLessThan(1_000);
                assertThat(rejection.raw()).as("%s\n  keeps its raw text for the retry", context).isNotNull();
                assertThat(rejection.sourceId()).as(context).isNotBlank();
            }
        }
    }

    /**
     * Each row of the undamaged file whose bytes lie wholly before or after the damage (and still start a line) is read
     * exactly as before, at its line in the damaged file, unless a record starting in the damage spans that line.
     */
    private static void assertUndamagedRowsUnchanged(Outcome outcome, byte[] damaged, Case damage) {
        int damageFrom = damage.edits.stream().mapToInt(Mutator.Edit::from).min().orElseThrow();
        int damageTo = damage.edits.stream().mapToInt(Mutator.Edit::to).max().orElseThrow();
        int shift = damage.edits.stream().mapToInt(edit -> edit.replacement().length - (edit.to() - edit.from())).sum();
        int[] originalStarts = lineStarts(original);
        for (Row before : baseline.rows) {
            int start = originalStarts[(int) before.line - 1];
            int end = originalStarts[(int) (before.line + before.span - 1)];
            long line;
            if (end <= damageFrom) {
                line = before.line;
            } else if (start >= damageTo && startsLine(damaged, start + shift)) {
                line = lineAt(damaged, start + shift);
            } else {
                continue; // the damage is in this row
            }
            String context = damage + "\n  undamaged row " + before.line + " of the original, now line " + line;
            Row after = outcome.rows.stream().filter(row -> row.line == line).findFirst().orElse(null);
            if (after == null) {
                Row spanning = outcome.rows.stream().filter(row -> row.line < line && (row.span == 0 || row.line + row.span > line))
                        .reduce((first, second) -> second).orElse(null);
                assertThat(spanning).as("%s\n  was not read, and no record read before it spans it", context).isNotNull();
                assertThat(spanning.line).as("%s\n  is spanned by a record that starts in the damage", context)
                        .isGreaterThanOrEqualTo(lineAt(damaged, damageFrom));
                // a quoted value may legitimately run over it; a rejection may not take a good row down with it
                assertThat(spanning.rejected()).as("%s\n  is swallowed by the rejected record at line %d: %s", context, spanning.line,
                        spanning.rejected() ? spanning.rejection.reason() : "").isFalse();
                continue;
            }
            assertThat(after.rejected()).as("%s\n  accepted or rejected as before", context).isEqualTo(before.rejected());
            if (before.rejected()) {
                assertThat(after.rejection.reason()).as(context).isEqualTo(before.rejection.reason());
                assertThat(after.rejection.raw()).as(context).isEqualTo(before.rejection.raw());
            } else {
                assertThat(after.record.ref()).as(context).isEqualTo(before.record.ref());
                assertThat(after.record.fields()).as(context).containsExactlyEntriesOf(before.record.fields());
                assertThat(after.record.modifiedAt()).as(context).isEqualTo(before.record.modifiedAt());
            }
        }
    }

    // ---------------------------------------------------------------- physical lines as the reader splits them

    /**
     * Lines end at {@code \r\n}, {@code \n} or a {@code \r} not followed by {@code \n}; a last line without one
     * counts; a file ending in a line break has no empty last line.
     */
    private static List<byte[]> physicalLines(byte[] bytes) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            int end = lineBreakEnd(bytes, i);
            if (end > 0) {
                lines.add(Arrays.copyOfRange(bytes, start, end));
                start = end;
                i = end - 1;
            }
        }
        if (start < bytes.length) {
            lines.add(Arrays.copyOfRange(bytes, start, bytes.length));
        }
        return lines;
    }

    /** Index just past the line break that starts at byte {@code i}, or 0 when none starts there. */
    private static int lineBreakEnd(byte[] bytes, int i) {
        if (bytes[i] == '\n') {
            return i + 1;
        }
        if (bytes[i] == '\r') {
            return i + 1 < bytes.length && bytes[i + 1] == '\n' ? i + 2 : i + 1;
        }
        return 0;
    }

    /** The 1-based line that byte {@code offset} is on (one past the last line at the very end). */
    private static long lineAt(byte[] bytes, int offset) {
        long line = 1;
        for (int i = 0; i < offset; i++) {
            int end = lineBreakEnd(bytes, i);
            if (end > 0 && end <= offset) {
                line++;
                i = end - 1;
            }
        }
        return line;
    }

    /** True when a line starts at byte {@code offset}: it follows a whole line break, not the {@code \r} of a {@code \r\n}. */
    private static boolean startsLine(byte[] bytes, int offset) {
        return offset == 0 || lineBreakEnd(bytes, offset - 1) == offset;
    }

    private static int[] lineStarts(byte[] bytes) {
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 0; i < bytes.length; i++) {
            int end = lineBreakEnd(bytes, i);
            if (end > 0) {
                starts.add(end);
                i = end - 1;
            }
        }
        if (starts.get(starts.size() - 1) != bytes.length) {
            starts.add(bytes.length);
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Blank: nothing but its terminator ({@code \n}, {@code \r\n} or {@code \r}). */
    private static boolean isBlank(byte[] line) {
        int length = line.length;
        if (length > 0 && line[length - 1] == '\n') {
            length--;
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return length == 0;
    }

    /** 1-based line of the header: the first non-blank line, a UTF-8 BOM at the very start skipped. */
    private static int headerLine(List<byte[]> lines) {
        for (int i = 0; i < lines.size(); i++) {
            byte[] line = lines.get(i);
            if (i == 0 && line.length >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF) {
                line = Arrays.copyOfRange(line, 3, line.length);
            }
            if (!isBlank(line)) {
                return i + 1;
            }
        }
        return 0;
    }

    /** Byte offset just past the original header line. */
    private static int headerEnd() {
        for (int i = 0; i < original.length; i++) {
            if (original[i] == '\n') {
                return i + 1;
            }
        }
        return original.length;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " characters)";
    }
}

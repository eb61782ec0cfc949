package io.middlemile.connector.csv;

import io.middlemile.connector.Cursor;
import io.middlemile.connector.RejectedRecord;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static io.middlemile.connector.csv.CsvTestSupport.connector;
import static io.middlemile.connector.csv.CsvTestSupport.contacts;
import static io.middlemile.connector.csv.CsvTestSupport.readAll;
import static io.middlemile.connector.csv.CsvTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lines end at {@code \r\n}, {@code \n} or a lone {@code \r} (Excel for Mac's "CSV (Macintosh)"); a line break
 * of any kind inside a quoted value is part of the value, byte for byte.
 */
class CsvLineEndsTest {

    /** The line reader's first buffer: a line break that straddles it must still be one line break. */
    private static final int FIRST_BUFFER = 256 * 1024;

    @TempDir
    Path root;

    @Test
    void aFileWithBareCarriageReturnsReadsEveryRowAtItsLine() throws Exception {
        write(root, "mac.csv", "id,name,email\r1,Ann,a@x.com\r2,Bob,b@x.com\r\r3,Cy,c@x.com\r");

        CsvTestSupport.Result result = readAll(connector(root, "mac.csv", "auto", contacts("id", "name", "email")), 100);

        assertThat(result.rejected).isEmpty();
        assertThat(result.ids()).containsExactly("1", "2", "3");
        // the blank line 4 is skipped and counted, as with \n
        assertThat(result.records).extracting(SourceRecord::location).containsExactly("mac.csv:2", "mac.csv:3", "mac.csv:5");
        assertThat(result.records.get(2).fields()).containsEntry("email", "c@x.com");
    }

    /** The same rows, with each kind of line end, and each kind of line break inside a quoted value. */
    @ParameterizedTest(name = "lines ending in {0}")
    @ValueSource(strings = {"LF", "CRLF", "CR"})
    void aLineBreakInsideAQuotedValueIsDataWhateverTheFileUses(String lineEnd) throws Exception {
        String eol = switch (lineEnd) {
            case "LF" -> "\n";
            case "CRLF" -> "\r\n";
            default -> "\r";
        };
        String text = String.join(eol, "id,notes", "1,\"one\ntwo\"", "2,\"one\r\ntwo\"", "3,\"one\rtwo\"",
                "4,\"a,\"\"b\"\"\rc\"", "5,plain") + eol;
        write(root, "q.csv", text);

        CsvTestSupport.Result result = readAll(connector(root, "q.csv", "auto", contacts("id", "notes")), 100);

        assertThat(result.rejected).isEmpty();
        assertThat(result.records).extracting(r -> r.fields().get("notes"))
                .containsExactly("one\ntwo", "one\r\ntwo", "one\rtwo", "a,\"b\"\rc", "plain");
        // a line break inside a value counts as a line, a \r\n as one
        assertThat(result.records).extracting(SourceRecord::location)
                .containsExactly("q.csv:2", "q.csv:4", "q.csv:6", "q.csv:8", "q.csv:10");
    }

    @Test
    void mixedLineEndsAndAStrayQuoteInABareCarriageReturnFile() throws Exception {
        write(root, "mixed.csv", "id,name\r\n1,Ann\n2,\"Bob\r3,Cy\r\n4,Dee\r5,\"Eve\r\nJr\"\r6,Fay");

        CsvTestSupport.Result result = readAll(connector(root, "mixed.csv", "auto", contacts("id", "name")), 100);

        assertThat(result.ids()).containsExactly("1", "3", "4", "5", "6");
        assertThat(result.records).extracting(SourceRecord::location)
                .containsExactly("mixed.csv:2", "mixed.csv:4", "mixed.csv:5", "mixed.csv:6", "mixed.csv:8");
        assertThat(result.records.get(3).fields()).containsEntry("name", "Eve\r\nJr");
        assertThat(result.rejected).singleElement().satisfies(r -> {
            assertThat(r.location()).isEqualTo("mixed.csv:3");
            assertThat(r.reason()).startsWith("unterminated quoted field starting at line 3");
            assertThat(r.raw()).isEqualTo("2,\"Bob");
        });
    }

    /**
     * A {@code \r\n} or a lone {@code \r} whose {@code \r} is the last byte of the reader's first buffer: the reader
     * must look at the next byte before deciding, or a {@code \r\n} becomes a line end plus a blank line (every line
     * number after it one too high, and a cursor between the two bytes) or a lone {@code \r} is missed.
     */
    @ParameterizedTest(name = "lines ending in {0}")
    @ValueSource(strings = {"CRLF", "CR"})
    void aLineBreakSplitOverTwoReadsIsOneLineBreak(String lineEnd) throws Exception {
        String eol = lineEnd.equals("CRLF") ? "\r\n" : "\r";
        StringBuilder text = new StringBuilder("id,name").append(eol);
        int row = 0;
        // rows of 20 bytes or so until the next one would pass the buffer's end, then one padded to end exactly there
        while (true) {
            String next = ++row + ",name" + row + eol;
            int left = FIRST_BUFFER - text.length();
            if (left < 2 * next.length()) {
                String start = row + ",";
                String padded = start + "x".repeat(left - start.length() - 1) + eol;
                text.append(padded);
                assertThat(text.charAt(FIRST_BUFFER - 1)).isEqualTo('\r');
                break;
            }
            text.append(next);
        }
        int rows = row + 1_000;
        while (row < rows) {
            row++;
            text.append(row).append(",name").append(row).append(eol);
        }
        write(root, "big.csv", text.toString().getBytes(StandardCharsets.US_ASCII));
        List<String> ids = IntStream.rangeClosed(1, rows).mapToObj(String::valueOf).toList();
        List<String> locations = IntStream.rangeClosed(1, rows).mapToObj(i -> "big.csv:" + (i + 1)).toList();

        CsvTestSupport.Result result = readAll(connector(root, "big.csv", "auto", contacts("id", "name")), 10_000);
        assertThat(result.rejected).isEmpty();
        assertThat(result.ids()).containsExactlyElementsOf(ids);
        assertThat(result.records).extracting(SourceRecord::location).containsExactlyElementsOf(locations);
        assertThat(result.records).extracting(r -> (String) r.fields().get("name")).allMatch(name -> name.matches("name\\d+|x+"));

        // resumed from the cursor with a fresh connector for every page, the pages must join up exactly
        List<String> resumed = new ArrayList<>();
        Cursor cursor = Cursor.START;
        boolean last = false;
        while (!last) {
            try (CsvConnector fresh = connector(root, "big.csv", "auto", contacts("id", "name"))) {
                SourcePage page = fresh.readChanges("contacts", cursor, 97);
                page.records().forEach(r -> resumed.add(r.location()));
                page.rejected().forEach(r -> resumed.add("rejected " + r.location()));
                cursor = page.next();
                last = page.last();
            }
        }
        assertThat(resumed).containsExactlyElementsOf(locations);
    }

    @Test
    void aBareCarriageReturnFileResumesExactlyFromEveryCursor() throws Exception {
        StringBuilder text = new StringBuilder("id,name,notes\r");
        for (int i = 1; i <= 50; i++) {
            text.append(i).append(",n").append(i).append(',').append(i % 5 == 0 ? "\"two\rlines\"" : "x").append('\r');
        }
        write(root, "mac.csv", text.toString());

        List<String> whole = readAll(connector(root, "mac.csv", "auto", contacts("id")), 1_000).records.stream()
                .map(r -> r.ref().sourceId() + "@" + r.location()).toList();
        List<String> resumed = new ArrayList<>();
        Cursor cursor = Cursor.START;
        boolean last = false;
        while (!last) {
            try (CsvConnector fresh = connector(root, "mac.csv", "auto", contacts("id"))) {
                SourcePage page = fresh.readChanges("contacts", cursor, 1);
                page.records().forEach(r -> resumed.add(r.ref().sourceId() + "@" + r.location()));
                assertThat(page.rejected()).extracting(RejectedRecord::location).isEmpty();
                cursor = page.next();
                last = page.last();
            }
        }
        assertThat(whole).hasSize(50).startsWith("1@mac.csv:2").endsWith("50@mac.csv:60");
        assertThat(resumed).containsExactlyElementsOf(whole);
    }
}

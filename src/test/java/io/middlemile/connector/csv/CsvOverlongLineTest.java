package io.middlemile.connector.csv;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.RejectedRecord;
import io.middlemile.connector.SourcePage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static io.middlemile.connector.csv.CsvTestSupport.connector;
import static io.middlemile.connector.csv.CsvTestSupport.contacts;
import static io.middlemile.connector.csv.CsvTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A line longer than 16 MiB is one rejected row; the rows before and after it are read as usual. */
class CsvOverlongLineTest {

    /** One MiB more than the limit, so the line cannot be mistaken for one that just fits. */
    private static final int LONG_VALUE = CsvLineReader.MAX_LINE_BYTES + 1024 * 1024;
    /** The long line's length as the reason shows it: "4,x," and the value. */
    private static final String LENGTH = String.format(Locale.ROOT, "%,d", 4 + LONG_VALUE);

    @TempDir
    Path root;

    @Test
    void theOverlongLineIsRejectedWithItsLineAndAShortRawAndTheOtherRowsAreRead() throws Exception {
        writeFile("c.csv", "\n", "1,Ann,a", "2,Bob,b", "3,Cy,c", null, "5,Eve,e", "6,Fay,f", "7,Gus,g");

        CsvTestSupport.Result result = readAll(connector(root, "c.csv", "auto", contacts("id")), 100);

        assertThat(result.ids()).containsExactly("1", "2", "3", "5", "6", "7");
        assertThat(result.records.get(3).location()).isEqualTo("c.csv:6");
        RejectedRecord rejected = result.rejected.get(0);
        assertThat(result.rejected).hasSize(1);
        assertThat(rejected.location()).isEqualTo("c.csv:5");
        assertThat(rejected.sourceId()).isEqualTo("line-5");
        assertThat(rejected.reason()).startsWith("line 5 is " + LENGTH
                        + " bytes long, more than the 16 MiB a CSV row may have, so it was not read")
                .contains("fix or remove the line")
                .contains("Only this line was rejected");
        assertThat(rejected.raw()).hasSize(CsvRecordReader.MAX_RAW_CHARS).startsWith("4,x,xxxx");
        // the page that met the long line still carries the rows before it
        assertThat(result.pages).hasSize(1);
    }

    @Test
    void crlfLineBreaksAndAnOverlongLastLineWithoutLineBreak() throws Exception {
        writeFile("crlf.csv", "\r\n", "1,Ann,a", null, "5,Eve,e");
        CsvTestSupport.Result crlf = readAll(connector(root, "crlf.csv", "auto", contacts("id")), 100);
        assertThat(crlf.ids()).containsExactly("1", "5");
        assertThat(crlf.rejected).singleElement().satisfies(r -> {
            assertThat(r.location()).isEqualTo("crlf.csv:3");
            assertThat(r.reason()).startsWith("line 3 is " + LENGTH + " bytes long");
        });

        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(root.resolve("last.csv")))) {
            out.write("id,name,notes\n1,Ann,a\n4,x,".getBytes(StandardCharsets.UTF_8));
            writeFiller(out); // and no line break after it
        }
        CsvTestSupport.Result atEnd = readAll(connector(root, "last.csv", "auto", contacts("id")), 100);
        assertThat(atEnd.ids()).containsExactly("1");
        assertThat(atEnd.rejected).singleElement().satisfies(r -> {
            assertThat(r.location()).isEqualTo("last.csv:3");
            assertThat(r.reason()).startsWith("line 3 is " + LENGTH + " bytes long");
        });
        assertThat(atEnd.pages.get(atEnd.pages.size() - 1).last()).isTrue();
    }

    /**
     * The long line's line break starts with the last byte of the largest buffer: while skipping the line the reader
     * must keep that {@code \r} and look at the byte after it, or a lone {@code \r} would be missed (the next row
     * swallowed into the long line) and a {@code \r\n} counted into the line's length.
     */
    @ParameterizedTest(name = "line break {index}")
    @ValueSource(strings = {"\r", "\r\n"})
    void aLineBreakThatStartsAtTheEndOfTheLargestBufferEndsTheLongLine(String lineBreak) throws Exception {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(root.resolve("b.csv")))) {
            out.write(("id,name,notes" + lineBreak + "1,Ann,a" + lineBreak + "4,x,").getBytes(StandardCharsets.UTF_8));
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            // the line without its break is one byte shorter than the buffer: its \r is the buffer's last byte
            int filler = CsvLineReader.MAX_LINE_BYTES - 1 - 4;
            for (int written = 0; written < filler; written += chunk.length) {
                out.write(chunk, 0, Math.min(chunk.length, filler - written));
            }
            out.write((lineBreak + "5,Eve,e" + lineBreak + "6,Fay,f" + lineBreak).getBytes(StandardCharsets.UTF_8));
        }

        CsvTestSupport.Result result = readAll(connector(root, "b.csv", "auto", contacts("id")), 100);

        assertThat(result.ids()).containsExactly("1", "5", "6");
        assertThat(result.records).extracting(r -> r.location()).containsExactly("b.csv:2", "b.csv:4", "b.csv:5");
        assertThat(result.rejected).singleElement().satisfies(r -> {
            assertThat(r.location()).isEqualTo("b.csv:3");
            assertThat(r.reason()).startsWith("line 3 is " + String.format(Locale.ROOT, "%,d", CsvLineReader.MAX_LINE_BYTES - 1)
                    + " bytes long");
        });
    }

    /** A fresh connector per page, as after a restart: the cursor after the long line must point at the next one. */
    @Test
    void resumingFromTheCursorAfterTheOverlongLineReadsTheNextRowsExactlyOnce() throws Exception {
        writeFile("c.csv", "\n", "1,Ann,a", null, "3,Cy,c", "4,Dee,d");
        List<String> seen = new ArrayList<>();
        Cursor cursor = Cursor.START;
        boolean last = false;
        while (!last) {
            try (CsvConnector fresh = connector(root, "c.csv", "auto", contacts("id"))) {
                SourcePage page = fresh.readChanges("contacts", cursor, 1);
                page.records().forEach(r -> seen.add(r.ref().sourceId() + "@" + r.location()));
                page.rejected().forEach(r -> seen.add("rejected@" + r.location()));
                cursor = page.next();
                last = page.last();
            }
        }
        assertThat(seen).containsExactly("1@c.csv:2", "rejected@c.csv:3", "3@c.csv:4", "4@c.csv:5");
    }

    @Test
    void aQuoteOpenWhenTheOverlongLineComesRejectsItsOwnLineAndTheLongLineSeparately() throws Exception {
        writeFile("q.csv", "\n", "1,Ann,a", "2,\"open,b", null, "5,Eve,e");

        CsvTestSupport.Result result = readAll(connector(root, "q.csv", "auto", contacts("id")), 100);

        assertThat(result.ids()).containsExactly("1", "5");
        assertThat(result.rejected).extracting(RejectedRecord::location).containsExactly("q.csv:3", "q.csv:4");
        assertThat(result.rejected.get(0).reason()).startsWith("unterminated quoted field starting at line 3")
                .contains("line 4 turns out longer than 16 MiB");
        assertThat(result.rejected.get(0).raw()).isEqualTo("2,\"open,b");
        assertThat(result.rejected.get(1).reason()).startsWith("line 4 is ");
    }

    @Test
    void anOverlongHeaderFailsTheFileWithAClearMessage() throws Exception {
        Path file = root.resolve("h.csv");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write("id,".getBytes(StandardCharsets.UTF_8));
            writeFiller(out);
            out.write("\n1,a\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> readAll(connector(root, "h.csv", "auto", contacts("id")), 10))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.INVALID_REQUEST))
                .hasMessageContaining("The header row of " + file.toAbsolutePath() + " (line 1)")
                .hasMessageContaining("more than the 16 MiB a line may have")
                .hasMessageContaining("not compressed");
    }

    /** Header {@code id,name,notes}, then the rows; a null row is {@code 4,x,} followed by {@link #LONG_VALUE} x's. */
    private void writeFile(String name, String lineBreak, String... rows) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(root.resolve(name)))) {
            out.write(("id,name,notes" + lineBreak).getBytes(StandardCharsets.UTF_8));
            for (String row : rows) {
                if (row == null) {
                    out.write("4,x,".getBytes(StandardCharsets.UTF_8));
                    writeFiller(out);
                } else {
                    out.write(row.getBytes(StandardCharsets.UTF_8));
                }
                out.write(lineBreak.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void writeFiller(OutputStream out) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        for (int written = 0; written < LONG_VALUE; written += chunk.length) {
            out.write(chunk, 0, Math.min(chunk.length, LONG_VALUE - written));
        }
    }
}

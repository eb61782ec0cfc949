package io.middlemile.connector.csv;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.RejectedRecord;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;
import io.middlemile.workspace.ObjectConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static io.middlemile.connector.csv.CsvTestSupport.connector;
import static io.middlemile.connector.csv.CsvTestSupport.contacts;
import static io.middlemile.connector.csv.CsvTestSupport.readAll;
import static io.middlemile.connector.csv.CsvTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvConnectorReadTest {

    @TempDir
    Path root;

    @Test
    void readsQuotedFieldsEmbeddedNewlinesAndEscapedQuotes() throws Exception {
        write(root, "c.csv", """
                id,name,notes
                1,"Smith, Ann","said ""hi""\"
                2,Bob,"line one
                line two"
                3,"",plain
                """);
        CsvTestSupport.Result result = readAll(connector(root, "c.csv", "auto", contacts("id", "name")), 100);

        assertThat(result.rejected).isEmpty();
        assertThat(result.ids()).containsExactly("1", "2", "3");
        SourceRecord first = result.records.get(0);
        assertThat(first.fields()).containsExactly(
                entry("id", "1"), entry("name", "Smith, Ann"), entry("notes", "said \"hi\""));
        assertThat(first.location()).isEqualTo("c.csv:2");
        assertThat(first.ref().connection()).isEqualTo("crm-export");
        assertThat(first.ref().object()).isEqualTo("contacts");
        assertThat(result.records.get(1).fields().get("notes")).isEqualTo("line one\nline two");
        assertThat(result.records.get(1).location()).isEqualTo("c.csv:3");
        assertThat(result.records.get(2).fields().get("name")).isEqualTo("");
        assertThat(result.records.get(2).location()).isEqualTo("c.csv:5");
    }

    @Test
    void everyValueQuotedAsDataLoaderWritesThemOrOnlyWhereNeededReadsBackWhatCommonsCsvWrote() throws Exception {
        // Commons CSV writes the rows (RFC 4180), our reader reads them: quotes, delimiters and line breaks inside
        // values, empty values, text beyond ASCII, in both quoting styles exports use
        java.util.Random random = new java.util.Random(42);
        String[] pieces = {"Acme", ", Inc.", "\"", "\"\"", "line\nbreak", "cr\r\nlf", "lone\rcr", " spaced ", "Zoë 李", "", ";", "\t"};
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < 500; r++) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(r)));
            for (int c = 0; c < 4; c++) {
                StringBuilder value = new StringBuilder();
                for (int k = random.nextInt(4); k > 0; k--) {
                    value.append(pieces[random.nextInt(pieces.length)]);
                }
                row.add(value.toString());
            }
            rows.add(row);
        }
        for (org.apache.commons.csv.QuoteMode quoting : List.of(org.apache.commons.csv.QuoteMode.ALL,
                org.apache.commons.csv.QuoteMode.MINIMAL)) {
            StringBuilder file = new StringBuilder();
            try (org.apache.commons.csv.CSVPrinter printer = new org.apache.commons.csv.CSVPrinter(file,
                    org.apache.commons.csv.CSVFormat.RFC4180.builder().setQuoteMode(quoting).get())) {
                printer.printRecord("id", "a", "b", "c", "d");
                for (List<String> row : rows) {
                    printer.printRecord(row);
                }
            }
            write(root, quoting + ".csv", file.toString());

            CsvTestSupport.Result result = readAll(connector(root, quoting + ".csv", ",", contacts("id", "a", "b", "c", "d"),
                    false), 64);

            assertThat(result.rejected).as(quoting.toString()).isEmpty();
            List<List<Object>> read = result.records.stream().map(r -> java.util.Arrays.asList(r.fields().get("id"),
                    r.fields().get("a"), r.fields().get("b"), r.fields().get("c"), r.fields().get("d"))).toList();
            assertThat(read).as(quoting.toString()).isEqualTo(rows);
        }
    }

    @Test
    void readsUtf8WithBomAndCrlf() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.write("id,name\r\n1,Zoë\r\n2,\"Multi\r\nline\"\r\n".getBytes(StandardCharsets.UTF_8));
        write(root, "bom.csv", bytes.toByteArray());

        CsvTestSupport.Result result = readAll(connector(root, "bom.csv", "auto", contacts("id", "name")), 10);

        assertThat(result.rejected).isEmpty();
        assertThat(result.records).extracting(r -> r.fields().get("name")).containsExactly("Zoë", "Multi\r\nline");
        assertThat(result.records.get(0).fields()).containsOnlyKeys("id", "name");
    }

    @Test
    void detectsSemicolonTabAndPipeAndHonoursConfiguredDelimiter() throws Exception {
        write(root, "semi.csv", "id;name;city\n1;Ann;\"Paris, FR\"\n");
        write(root, "tab.csv", "id\tname\n1\tAnn, Jr\n");
        write(root, "pipe.csv", "id|name\n1|Ann;x\n");

        assertThat(readAll(connector(root, "semi.csv", "auto", contacts("id")), 10).records.get(0).fields())
                .containsExactly(entry("id", "1"), entry("name", "Ann"), entry("city", "Paris, FR"));
        assertThat(readAll(connector(root, "tab.csv", "auto", contacts("id")), 10).records.get(0).fields())
                .containsExactly(entry("id", "1"), entry("name", "Ann, Jr"));
        assertThat(readAll(connector(root, "pipe.csv", "auto", contacts("id")), 10).records.get(0).fields())
                .containsExactly(entry("id", "1"), entry("name", "Ann;x"));
        assertThat(readAll(connector(root, "tab.csv", "tab", contacts("id")), 10).records.get(0).fields())
                .containsExactly(entry("id", "1"), entry("name", "Ann, Jr"));

        // Configured ',' wins over detection: the header is one column named "id;name;city".
        assertThatThrownBy(() -> readAll(connector(root, "semi.csv", ",", contacts("id")), 10))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("no column 'id'")
                .hasMessageContaining("[id;name;city]");
    }

    @Test
    void wrongColumnCountIsRejectedWithItsLineAndReadingGoesOn() throws Exception {
        write(root, "c.csv", """
                id,name,email
                1,Ann,a@x.com
                2,Bob,b@x.com,extra,more
                3,Cy,c@x.com
                """);
        CsvTestSupport.Result result = readAll(connector(root, "c.csv", "auto", contacts("id")), 100);

        assertThat(result.ids()).containsExactly("1", "3");
        assertThat(result.rejected).singleElement().satisfies(r -> {
            assertThat(r.sourceId()).isEqualTo("2");
            assertThat(r.location()).isEqualTo("c.csv:3");
            assertThat(r.reason()).startsWith("expected 3 columns (from the header), found 5");
            assertThat(r.raw()).isEqualTo("2,Bob,b@x.com,extra,more");
        });
    }

    @Test
    void unterminatedQuoteRejectsOnlyItsLine() throws Exception {
        write(root, "c.csv", """
                id,name,email
                1,Ann,a@x.com
                2,"Bob,b@x.com
                3,Cy,c@x.com
                4,"Dee, D",d@x.com
                5,Eve,e@x.com
                """);
        CsvTestSupport.Result result = readAll(connector(root, "c.csv", "auto", contacts("id")), 100);

        assertThat(result.ids()).containsExactly("1", "3", "4", "5");
        assertThat(result.rejected).singleElement().satisfies(r -> {
            assertThat(r.location()).isEqualTo("c.csv:3");
            assertThat(r.sourceId()).isEqualTo("line-3");
            assertThat(r.reason()).startsWith("unterminated quoted field starting at line 3");
            assertThat(r.raw()).isEqualTo("2,\"Bob,b@x.com");
        });
        assertThat(result.records.get(1).location()).isEqualTo("c.csv:4");
    }

    @Test
    void unterminatedQuoteOnTheLastLineIsRejected() throws Exception {
        write(root, "c.csv", "id,name\n1,Ann\n2,\"Bob\n3,Cy\n");
        CsvTestSupport.Result result = readAll(connector(root, "c.csv", "auto", contacts("id")), 100);

        assertThat(result.ids()).containsExactly("1", "3");
        assertThat(result.rejected).extracting(RejectedRecord::location).containsExactly("c.csv:3");
    }

    @Test
    void strayQuotesAreBadQuoting() throws Exception {
        write(root, "c.csv", """
                id,name,email
                1,Ann "the" Smith,a@x.com
                2,"Bob"by,b@x.com
                3,Cy,c@x.com
                """);
        CsvTestSupport.Result result = readAll(connector(root, "c.csv", "auto", contacts("id")), 100);

        assertThat(result.ids()).containsExactly("3");
        assertThat(result.rejected).extracting(RejectedRecord::location).containsExactly("c.csv:2", "c.csv:3");
        assertThat(result.rejected.get(0).reason()).startsWith("bad quoting: a quote in the middle of unquoted field 2 (name)");
        assertThat(result.rejected.get(1).reason()).startsWith("bad quoting: text after the closing quote of field 2 (name)");
    }

    @Test
    void invalidUtf8IsRejectedWithLineAndColumn() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write("id,name\n1,Ann\n2,Ren".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE9); // é in Windows-1252, invalid on its own in UTF-8
        bytes.write("e\n3,Cy\n".getBytes(StandardCharsets.UTF_8));
        write(root, "c.csv", bytes.toByteArray());

        CsvTestSupport.Result result = readAll(connector(root, "c.csv", "auto", contacts("id")), 100);

        assertThat(result.ids()).containsExactly("1", "3");
        assertThat(result.rejected).singleElement().satisfies(r -> {
            assertThat(r.location()).isEqualTo("c.csv:3");
            assertThat(r.reason()).startsWith("invalid UTF-8 at byte column 6");
            assertThat(r.raw()).startsWith("2,Ren");
        });
    }

    /** A stray quote's span is rewound even when it holds a byte that is not UTF-8: that byte rejects only its own line. */
    @Test
    void aStrayQuoteWhoseSpanHoldsInvalidUtf8RejectsOnlyItsLineAndTheBadByteLine() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write("id,name,email\n1,Ann,a@x.com\n2,\"Bob,b@x.com\n3,Cy,c@x.com\n4,De".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xFF);
        bytes.write("e,d@x.com\n5,Eve,e@x.com\n6,\"Fay\",f@x.com\n7,Gus,g@x.com\n".getBytes(StandardCharsets.UTF_8));
        write(root, "c.csv", bytes.toByteArray());

        CsvTestSupport.Result result = readAll(connector(root, "c.csv", "auto", contacts("id")), 100);

        assertThat(result.ids()).containsExactly("1", "3", "5", "6", "7");
        assertThat(result.records).extracting(SourceRecord::location)
                .containsExactly("c.csv:2", "c.csv:4", "c.csv:6", "c.csv:7", "c.csv:8");
        assertThat(result.rejected).extracting(RejectedRecord::location).containsExactly("c.csv:3", "c.csv:5");
        assertThat(result.rejected.get(0).reason()).startsWith("unterminated quoted field starting at line 3: the lines up to "
                + "line 7 do not form a valid row");
        assertThat(result.rejected.get(0).raw()).isEqualTo("2,\"Bob,b@x.com");
        assertThat(result.rejected.get(1).reason()).startsWith("invalid UTF-8 at byte column 5;");
        assertThat(result.rejected.get(1).raw()).isEqualTo("4,De\uFFFDe,d@x.com");
    }

    /** A multi-line quoted value that closes properly is one row: a bad byte in it rejects that row, and only it. */
    @Test
    void invalidUtf8InAProperMultiLineValueRejectsThatWholeRow() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write("id,name,notes\n1,Ann,\"first\nCaf".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE9); // é in Windows-1252
        bytes.write(" line\"\n2,Bob,b\n".getBytes(StandardCharsets.UTF_8));
        write(root, "c.csv", bytes.toByteArray());

        CsvTestSupport.Result result = readAll(connector(root, "c.csv", "auto", contacts("id")), 100);

        assertThat(result.ids()).containsExactly("2");
        assertThat(result.records.get(0).location()).isEqualTo("c.csv:4");
        assertThat(result.rejected).singleElement().satisfies(r -> {
            assertThat(r.location()).isEqualTo("c.csv:2");
            assertThat(r.reason()).startsWith("invalid UTF-8 at byte column 4 of line 3;");
            assertThat(r.raw()).isEqualTo("1,Ann,\"first\nCaf\uFFFD line\"");
        });
    }

    @Test
    void emptyIdBecomesLineNumberAndModifiedAtIsParsed() throws Exception {
        write(root, "c.csv", """
                id,name,updated
                1,Ann,2024-05-01T10:00:00Z
                ,Bob,2024-05-01T12:00:00+02:00

                3,Cy,2024-05-02T08:30:00
                4,Dee,yesterday
                """);
        ObjectConfig config = new ObjectConfig("id", "updated", List.of("id", "name", "updated"));
        CsvTestSupport.Result result = readAll(connector(root, "c.csv", "auto", config), 100);

        assertThat(result.ids()).containsExactly("1", "line-3", "3", "4");
        assertThat(result.records).extracting(SourceRecord::modifiedAt).containsExactly(
                Instant.parse("2024-05-01T10:00:00Z"), Instant.parse("2024-05-01T10:00:00Z"),
                Instant.parse("2024-05-02T08:30:00Z"), null);
        assertThat(result.records.get(2).location()).isEqualTo("c.csv:5");
    }

    @Test
    void pagesThroughAThousandRowsExactlyOnceAlsoAfterRestart() throws Exception {
        StringBuilder csv = new StringBuilder("id,name,notes\n");
        for (int i = 1; i <= 1003; i++) {
            csv.append(i).append(",name ").append(i).append(',')
                    .append(i % 7 == 0 ? "\"multi\nline, " + i + "\"" : "n" + i).append('\n');
        }
        write(root, "big.csv", csv.toString());
        List<String> expected = IntStream.rangeClosed(1, 1003).mapToObj(String::valueOf).toList();

        CsvTestSupport.Result oneInstance = readAll(connector(root, "big.csv", "auto", contacts("id")), 100);
        assertThat(oneInstance.ids()).containsExactlyElementsOf(expected);
        assertThat(oneInstance.pages).hasSize(11);
        assertThat(oneInstance.pages.get(10).size()).isEqualTo(3);
        assertThat(oneInstance.pages.get(10).progress()).isEqualTo(1.0);

        // A fresh connector per page, as after a restart: the cursor alone must carry the position.
        List<String> ids = new ArrayList<>();
        Cursor cursor = Cursor.START;
        boolean last = false;
        while (!last) {
            try (CsvConnector fresh = connector(root, "big.csv", "auto", contacts("id"))) {
                SourcePage page = fresh.readChanges("contacts", cursor, 100);
                page.records().forEach(r -> ids.add(r.ref().sourceId()));
                assertThat(page.rejected()).isEmpty();
                cursor = page.next();
                last = page.last();
            }
        }
        assertThat(ids).containsExactlyElementsOf(expected);
        assertThat(cursor.value()).contains("\"offset\":").contains("\"line\":").contains("\"fingerprint\":");
    }

    @Test
    void rejectsCountTowardsPageSize() throws Exception {
        StringBuilder csv = new StringBuilder("id,name\n");
        for (int i = 1; i <= 25; i++) {
            csv.append(i).append(",a,b,c\n");
        }
        write(root, "junk.csv", csv.toString());
        CsvTestSupport.Result result = readAll(connector(root, "junk.csv", "auto", contacts("id")), 10);

        assertThat(result.pages).extracting(SourcePage::size).containsExactly(10, 10, 5);
        assertThat(result.rejected).hasSize(25);
        assertThat(result.records).isEmpty();
    }

    @Test
    void everyDataRowIsARecordOrARejectBlankLinesExcluded() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write("id,name,email\n".getBytes(StandardCharsets.UTF_8));
        int dataRows = 0;
        for (int i = 1; i <= 300; i++) {
            String row = switch (i % 10) {
                case 1 -> i + ",too,many,columns,here";
                case 3 -> i + ",\"Quoted, name\",q@x.com";
                case 5 -> i + ",Bad \"quote,x@x.com";
                case 7 -> ",no id,n@x.com";
                default -> i + ",Name" + i + ",e" + i + "@x.com";
            };
            bytes.write(row.getBytes(StandardCharsets.UTF_8));
            if (i % 50 == 0) {
                bytes.write(0xFF);
            }
            bytes.write('\n');
            dataRows++;
            if (i % 20 == 0) {
                bytes.write('\n'); // blank line: not a row
            }
        }
        write(root, "mixed.csv", bytes.toByteArray());

        CsvTestSupport.Result result = readAll(connector(root, "mixed.csv", "auto", contacts("id")), 37);

        assertThat(result.records.size() + result.rejected.size()).isEqualTo(dataRows);
        assertThat(result.rejected).hasSize(30 + 30 + 6); // too many columns, bad quote, invalid UTF-8 on every 50th
    }

    @Test
    void replacedFileFailsWithFromStartAdvice() throws Exception {
        write(root, "c.csv", "id,name\n1,Ann\n2,Bob\n3,Cy\n");
        SourcePage first = connector(root, "c.csv", "auto", contacts("id")).readChanges("contacts", Cursor.START, 2);
        write(root, "c.csv", "id,name\n9,Zed\n8,Yan\n7,Xi\n");

        assertThatThrownBy(() -> connector(root, "c.csv", "auto", contacts("id")).readChanges("contacts", first.next(), 2))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.FATAL))
                .hasMessageContaining("was replaced since this run started")
                .hasMessageContaining("--from-start");
    }

    @Test
    void appendedRowsAreReadAfterTheLastPage() throws Exception {
        Path file = write(root, "c.csv", "id,name\n1,Ann\n");
        CsvConnector connector = connector(root, "c.csv", "auto", contacts("id"));
        SourcePage first = connector.readChanges("contacts", Cursor.START, 10);
        assertThat(first.last()).isTrue();
        Files.writeString(file, "2,Bob\n", java.nio.file.StandardOpenOption.APPEND);

        SourcePage second = connector(root, "c.csv", "auto", contacts("id")).readChanges("contacts", first.next(), 10);
        assertThat(second.records()).extracting(r -> r.ref().sourceId()).containsExactly("2");
    }

    @Test
    void missingIdColumnOrConfiguredFieldIsAnError() throws Exception {
        write(root, "c.csv", "email,name\na@x.com,Ann\n");

        assertThatThrownBy(() -> connector(root, "c.csv", "auto", contacts("email")).readChanges("contacts", Cursor.START, 10))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.INVALID_REQUEST))
                .hasMessageContaining("c.csv")
                .hasMessageContaining("no column 'id'")
                .hasMessageContaining("[email, name]");

        ObjectConfig config = new ObjectConfig("email", null, List.of("email", "phone", "city"));
        assertThatThrownBy(() -> connector(root, "c.csv", "auto", config).readChanges("contacts", Cursor.START, 10))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("[phone, city]")
                .hasMessageContaining("does not match the connector file");
    }

    @Test
    void otherObjectNamesAreRefused() throws Exception {
        write(root, "c.csv", "id\n1\n");
        assertThatThrownBy(() -> connector(root, "c.csv", "auto", contacts("id")).readChanges("deals", Cursor.START, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only the object 'contacts'");
    }

    @Test
    void describeAndCheck() throws Exception {
        CsvConnector missing = connector(root, "out/new.csv", "auto", contacts("id", "name"));
        assertThat(missing.describe().type()).isEqualTo("csv");
        assertThat(missing.describe().objects()).containsEntry("contacts", List.of("id", "name"));
        assertThat(missing.describe().capabilities())
                .containsExactly("Archiver", "ChangeSource", "CheckpointedSink", "CurrentState", "RecordSink");
        assertThat(missing.check().healthy()).isTrue();
        assertThat(missing.check().message()).contains(root.resolve("out/new.csv").toAbsolutePath().toString())
                .contains("will be created");

        write(root, "c.csv", "id,name\n1,Ann\n");
        assertThat(connector(root, "c.csv", "auto", contacts("id")).check().healthy()).isTrue();
        assertThat(connector(root, "c.csv", "auto", contacts("nope")).check().healthy()).isFalse();
    }

    private static java.util.Map.Entry<String, Object> entry(String key, Object value) {
        return java.util.Map.entry(key, value);
    }
}

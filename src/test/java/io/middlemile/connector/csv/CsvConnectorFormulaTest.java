package io.middlemile.connector.csv;

import io.middlemile.connector.SourceRecord;
import io.middlemile.connector.TargetRecord;
import io.middlemile.model.SourceRef;
import io.middlemile.workspace.ObjectConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.middlemile.connector.csv.CsvTestSupport.connector;
import static io.middlemile.connector.csv.CsvTestSupport.readAll;
import static io.middlemile.connector.csv.CsvTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

/** CSV injection through the CSV connector: {@code csv.neutralizeFormulas} on writing, and undone on reading. */
class CsvConnectorFormulaTest {

    private static final ObjectConfig CONFIG = new ObjectConfig("id", null, List.of("id", "name", "notes"));
    private static final String HYPERLINK = "=HYPERLINK(\"https://evil.example\",\"Click\")";

    @TempDir
    Path root;

    @Test
    void formulaCellsAreWrittenWithAQuoteByDefaultAndReadBackAsTheyWere() throws Exception {
        CsvConnector sink = connector(root, "out.csv", "auto", CONFIG);
        sink.begin("contacts", null);
        sink.upsert("contacts", List.of(
                record("1", "1", HYPERLINK, "+14155550100"),
                record("2", "2", "@SUM(A1)", "-12.50"),
                record("3", "3", "'quoted", "-x")));
        sink.complete("contacts");

        assertThat(Files.readString(root.resolve("out.csv"))).isEqualTo(
                "id,name,notes\r\n"
                        + "1,\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Click\"\")\",+14155550100\r\n"
                        + "2,'@SUM(A1),-12.50\r\n"
                        + "3,''quoted,'-x\r\n");
        assertThat(readAll(connector(root, "out.csv", "auto", CONFIG), 10).records).extracting(SourceRecord::fields)
                .containsExactly(fields("1", HYPERLINK, "+14155550100"), fields("2", "@SUM(A1)", "-12.50"), fields("3", "'quoted", "-x"));
    }

    @Test
    void withTheOptionOffValuesAreWrittenAndReadExactlyAsTheyAre() throws Exception {
        CsvConnector sink = connector(root, "raw.csv", "auto", CONFIG, false);
        sink.begin("contacts", null);
        sink.upsert("contacts", List.of(record("1", "1", "=1+1", "'=2")));
        sink.complete("contacts");

        assertThat(Files.readString(root.resolve("raw.csv"))).isEqualTo("id,name,notes\r\n1,=1+1,'=2\r\n");
        assertThat(readAll(connector(root, "raw.csv", "auto", CONFIG, false), 10).records.get(0).fields())
                .isEqualTo(fields("1", "=1+1", "'=2"));
        // the same file read with the option on: the one ' in front of "=2" is taken as the hub's own
        assertThat(readAll(connector(root, "raw.csv", "auto", CONFIG, true), 10).records.get(0).fields())
                .isEqualTo(fields("1", "=1+1", "=2"));
    }

    @Test
    void aSourceFileWithNeutralizedCellsReadsAsTheOriginalValuesAndKeysTheRecordsByThem() throws Exception {
        write(root, "in.csv", "id,name,notes\n'=k1,'@x,'+14155550100\n'+14155550100,''y,'hello\n");

        CsvTestSupport.Result result = readAll(connector(root, "in.csv", "auto", CONFIG), 10);

        assertThat(result.ids()).containsExactly("=k1", "'+14155550100");
        assertThat(result.records.get(0).fields()).isEqualTo(fields("=k1", "@x", "'+14155550100"));
        assertThat(result.records.get(1).fields()).isEqualTo(fields("'+14155550100", "'y", "'hello"));
    }

    /**
     * A keyed target keeps the rows a run does not rewrite, and a resumed run remembers the keys it already
     * wrote, both by reading the file back: neither may prefix a value twice or miss a key that was prefixed.
     */
    @Test
    void keptRowsAndResumedKeysAreNeitherPrefixedTwiceNorDuplicated() throws Exception {
        CsvConnector first = connector(root, "t.csv", "auto", CONFIG);
        first.begin("contacts", null);
        first.upsert("contacts", List.of(record("=k1", "=k1", "=A1", "n1"), record("k2", "k2", "@x", "n2")));
        first.complete("contacts");

        CsvConnector beforeCrash = connector(root, "t.csv", "auto", CONFIG);
        beforeCrash.begin("contacts", null);
        // an update naming only the field it changes: notes keeps the published value
        beforeCrash.upsert("contacts", List.of(new TargetRecord("contacts", "=k1", Map.of("id", "=k1", "name", "=B2"),
                new SourceRef("src", "people", "=k1"))));
        String state = beforeCrash.flush("contacts");
        beforeCrash.close();

        CsvConnector resumed = connector(root, "t.csv", "auto", CONFIG);
        resumed.begin("contacts", state);
        resumed.complete("contacts");

        assertThat(Files.readString(root.resolve("t.csv"))).isEqualTo("id,name,notes\r\n'=k1,'=B2,n1\r\nk2,'@x,n2\r\n");
        assertThat(readAll(connector(root, "t.csv", "auto", CONFIG), 10).records).extracting(SourceRecord::fields)
                .containsExactly(fields("=k1", "=B2", "n1"), fields("k2", "@x", "n2"));
    }

    /**
     * Property: random values (biased towards formula characters, quotes, delimiters and line breaks) written
     * through the connector and read back through it come back exactly, keys included; fixed seed.
     */
    @Test
    void randomValuesRoundTripThroughTheConnectorExactly() throws Exception {
        String[] alphabet = {"=", "+", "-", "@", "\t", "\r", "'", "0", "7", ".", "a", "Q", " ", ",", ";", "\"", "\n", "\r\n",
                "ü", "東", "😀", "(", ")"};
        String[] keyStarts = {"", "=", "+", "-", "@", "'", "\t", "''", "-0"};
        Random random = new Random(4_155_550_100L);
        List<TargetRecord> records = new ArrayList<>();
        List<Map<String, Object>> expected = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            String key = keyStarts[random.nextInt(keyStarts.length)] + i;
            String name = randomValue(random, alphabet);
            String notes = randomValue(random, alphabet);
            records.add(record(key, key, name, notes));
            expected.add(fields(key, name, notes));
        }
        CsvConnector sink = connector(root, "random.csv", ";", CONFIG);
        sink.begin("contacts", null);
        sink.upsert("contacts", records);
        sink.complete("contacts");

        CsvTestSupport.Result back = readAll(connector(root, "random.csv", "auto", CONFIG), 250);

        assertThat(back.rejected).isEmpty();
        assertThat(back.records).extracting(SourceRecord::fields).containsExactlyElementsOf(expected);
        assertThat(back.ids()).containsExactlyElementsOf(expected.stream().map(row -> (String) row.get("id")).toList());
        assertThat(Files.readString(root.resolve("random.csv"))).contains("'=").contains("''");
    }

    private static String randomValue(Random random, String[] alphabet) {
        StringBuilder value = new StringBuilder();
        int length = random.nextInt(6);
        for (int i = 0; i < length; i++) {
            value.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return value.toString();
    }

    private static TargetRecord record(String key, String id, String name, String notes) {
        return new TargetRecord("contacts", key, fields(id, name, notes), new SourceRef("src", "people", key));
    }

    private static Map<String, Object> fields(String id, String name, String notes) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", id);
        map.put("name", name);
        map.put("notes", notes);
        return map;
    }
}

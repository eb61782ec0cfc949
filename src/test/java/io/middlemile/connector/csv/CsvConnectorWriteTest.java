package io.middlemile.connector.csv;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.SourceRecord;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import io.middlemile.workspace.ObjectConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.middlemile.connector.csv.CsvTestSupport.connector;
import static io.middlemile.connector.csv.CsvTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvConnectorWriteTest {

    private static final ObjectConfig CONFIG = new ObjectConfig("id", null, List.of("id", "name", "notes"));

    @TempDir
    Path root;

    @Test
    void writesHeaderAndQuotedRowsAndPublishesOnComplete() throws Exception {
        CsvConnector sink = connector(root, "out/contacts.csv", "auto", CONFIG);
        sink.begin("contacts", null);
        List<WriteOutcome> outcomes = sink.upsert("contacts", List.of(
                record("1", Map.of("id", "1", "name", "Smith, Ann", "notes", "said \"hi\"")),
                record("2", fields("id", 2, "name", null, "notes", "two\nlines"))));
        String state = sink.flush("contacts");

        assertThat(outcomes).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.WRITTEN);
        assertThat(outcomes).extracting(WriteOutcome::targetId).containsExactly("1", "2");
        assertThat(state).isEqualTo("{\"bytes\":" + Files.size(root.resolve("out/contacts.csv.partial")) + "}");
        assertThat(root.resolve("out/contacts.csv")).doesNotExist();

        sink.complete("contacts");

        assertThat(root.resolve("out/contacts.csv.partial")).doesNotExist();
        assertThat(Files.readString(root.resolve("out/contacts.csv"))).isEqualTo(
                "id,name,notes\r\n"
                        + "1,\"Smith, Ann\",\"said \"\"hi\"\"\"\r\n"
                        + "2,,\"two\nlines\"\r\n");
    }

    @Test
    void writtenFileReadsBackIdentically() throws Exception {
        CsvConnector sink = connector(root, "round.csv", ";", CONFIG);
        sink.begin("contacts", null);
        sink.upsert("contacts", List.of(record("a", Map.of("id", "a", "name", "Zoë; \"Z\"", "notes", " padded "))));
        sink.complete("contacts");

        List<SourceRecord> back = readAll(connector(root, "round.csv", "auto", CONFIG), 10).records;
        assertThat(back).singleElement().satisfies(r -> assertThat(r.fields())
                .containsExactly(Map.entry("id", "a"), Map.entry("name", "Zoë; \"Z\""), Map.entry("notes", " padded ")));
    }

    @Test
    void unknownFieldRejectsOnlyThatRecord() throws Exception {
        CsvConnector sink = connector(root, "c.csv", "auto", CONFIG);
        sink.begin("contacts", null);
        List<WriteOutcome> outcomes = sink.upsert("contacts", List.of(
                record("1", Map.of("id", "1")),
                record("2", Map.of("id", "2", "phone", "+33 1")),
                record("3", Map.of("id", "3", "name", "Cy"))));
        sink.complete("contacts");

        assertThat(outcomes).extracting(WriteOutcome::status).containsExactly(
                WriteOutcome.Status.WRITTEN, WriteOutcome.Status.REJECTED, WriteOutcome.Status.WRITTEN);
        assertThat(outcomes.get(1).reason()).startsWith("field 'phone' is not a column of c.csv; columns are [id, name, notes]");
        assertThat(outcomes.get(1).origin().sourceId()).isEqualTo("2");
        assertThat(Files.readString(root.resolve("c.csv"))).isEqualTo("id,name,notes\r\n1,,\r\n3,Cy,\r\n");
    }

    @Test
    void resumingFromACommittedStateWritesEveryRecordExactlyOnce() throws Exception {
        List<TargetRecord> page1 = IntStream.rangeClosed(1, 50).mapToObj(i -> record("" + i, Map.of("id", "" + i, "name", "n" + i))).toList();
        List<TargetRecord> page2 = IntStream.rangeClosed(51, 100).mapToObj(i -> record("" + i, Map.of("id", "" + i, "name", "n" + i))).toList();

        CsvConnector beforeCrash = connector(root, "c.csv", "auto", CONFIG);
        beforeCrash.begin("contacts", null);
        beforeCrash.upsert("contacts", page1);
        String state1 = beforeCrash.flush("contacts");
        beforeCrash.upsert("contacts", page2);
        beforeCrash.flush("contacts"); // written to disk, but the crash comes before the hub commits it
        beforeCrash.close();
        assertThat(Files.size(root.resolve("c.csv.partial"))).isGreaterThan(Long.parseLong(state1.replaceAll("\\D", "")));

        CsvConnector afterCrash = connector(root, "c.csv", "auto", CONFIG);
        afterCrash.begin("contacts", state1);
        afterCrash.upsert("contacts", page2);
        afterCrash.flush("contacts");
        afterCrash.complete("contacts");

        List<String> ids = readAll(connector(root, "c.csv", "auto", CONFIG), 1000).ids();
        assertThat(ids).containsExactlyElementsOf(IntStream.rangeClosed(1, 100).mapToObj(String::valueOf).toList());
    }

    @Test
    void resumingWithoutThePartialFileIsFatal() {
        CsvConnector sink = connector(root, "c.csv", "auto", CONFIG);
        assertThatThrownBy(() -> sink.begin("contacts", "{\"bytes\":120}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.FATAL))
                .hasMessageContaining("c.csv.partial")
                .hasMessageContaining("--from-start");
    }

    @Test
    void resumingWithAShorterPartialFileIsFatal() throws Exception {
        Files.writeString(root.resolve("c.csv.partial"), "id,name,notes\r\n");
        CsvConnector sink = connector(root, "c.csv", "auto", CONFIG);
        assertThatThrownBy(() -> sink.begin("contacts", "{\"bytes\":120}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.FATAL))
                .hasMessageContaining("has 15 bytes");
    }

    @Test
    void closeDoesNotPublish() throws Exception {
        CsvConnector sink = connector(root, "c.csv", "auto", CONFIG);
        sink.begin("contacts", null);
        sink.upsert("contacts", List.of(record("1", Map.of("id", "1"))));
        sink.close();
        assertThat(root.resolve("c.csv")).doesNotExist();
        assertThat(sink.maxBatchSize()).isEqualTo(10_000);
        assertThatThrownBy(() -> sink.readChanges("contacts", Cursor.START, 1))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND))
                .hasMessageContaining("does not exist");
    }

    @Test
    void anUpdateLeavesEveryOtherRowOfTheFileAsItWasByteForByte() throws Exception {
        // a hand-made export: LF line ends, a value with padding and a formula-like phone, a row with a value too many,
        // a stray quote inside a value, the same key twice, and a last line without its line end
        String others = "2,  Jim ,+44 20 7946 0958\n"
                + "3,Kevin,=1+1,EXTRA\n"
                + "4,Gabe,Sabre \"Corp\n"
                + "5,Pam,first\n"
                + "5,Pam,second\n"
                + "6,Toby,last";
        CsvTestSupport.write(root, "contacts.csv", "id,name,notes\n1,Ann,old\n" + others);
        CsvConnector sink = connector(root, "contacts.csv", "auto", CONFIG, true);
        sink.begin("contacts", null);
        sink.upsert("contacts", List.of(record("1", Map.of("notes", "new"))));
        sink.complete("contacts");

        assertThat(Files.readString(root.resolve("contacts.csv")))
                .isEqualTo("id,name,notes\n1,Ann,new\n" + others + "\n");
    }

    private static TargetRecord record(String key, Map<String, Object> fields) {
        return new TargetRecord("contacts", key, fields, new SourceRef("src", "people", key));
    }

    private static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}

package io.middlemile.connector.csv;

import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorContractTest;
import io.middlemile.connector.RecordSink;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import io.middlemile.workspace.CsvSettings;
import io.middlemile.workspace.ObjectConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The shared connector contract, run against the CSV connector on files in a temporary folder. A CSV
 * file has no credentials, rate limits or daily quota, so those cases are skipped (the fixture leaves
 * their hooks empty); an unreachable target is a {@code csv.file} that is a directory.
 *
 * <p>The CSV sink writes in sessions ({@link io.middlemile.connector.CheckpointedSink}): here every
 * {@code upsert} is one whole run (begin, write, complete), so a replayed batch is the same run done twice
 * against the published file, which must still hold each key once.
 */
class CsvConnectorContractTest extends ConnectorContractTest {

    private static final String CONNECTION = "crm-export";
    private static final List<String> FIELDS = List.of("id", "email", "firstname", "modified");
    private static final ObjectConfig CONTACTS = new ObjectConfig("id", "modified", FIELDS, null);

    @Override
    protected Fixture fixture(int total, int sharingOneTimestamp) {
        Path root = tempFolder();
        seed(root.resolve("source.csv"), total, sharingOneTimestamp);
        List<CsvConnector> opened = new ArrayList<>();
        CsvConnector connector = open(root, "source.csv", opened);
        CsvConnector target = open(root, "target.csv", opened);
        RecordSink sink = new RecordSink() {
            @Override
            public int maxBatchSize() {
                return target.maxBatchSize();
            }

            @Override
            public List<WriteOutcome> upsert(String object, List<TargetRecord> records) {
                target.begin(object, null);
                List<WriteOutcome> outcomes = target.upsert(object, records);
                target.complete(object);
                return outcomes;
            }
        };
        return new Fixture() {
            @Override
            public String object() {
                return "contacts";
            }

            @Override
            public ChangeSource openSource() {
                return open(root, "source.csv", opened);
            }

            @Override
            public RecordSink sink() {
                return sink;
            }

            @Override
            public List<TargetRecord> validRecords(int count, String seed) {
                List<TargetRecord> records = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    records.add(new TargetRecord("contacts", seed + "-" + i, Map.of("email", seed + i + "@example.org", "firstname", "F" + i),
                            new SourceRef("hubspot", "contacts", seed + i)));
                }
                return records;
            }

            @Override
            public TargetRecord invalidRecord() {
                return new TargetRecord("contacts", "bad-1", Map.of("email", "bad@example.org", "favourite_colour", "teal"),
                        new SourceRef("hubspot", "contacts", "bad"));
            }

            @Override
            public int countInTarget() {
                if (!Files.exists(root.resolve("target.csv"))) {
                    return 0;
                }
                return CsvTestSupport.readAll(open(root, "target.csv", opened), 500).records.size();
            }

            @Override
            public Connector connector() {
                return connector;
            }

            @Override
            public String type() {
                return "csv";
            }

            @Override
            public Map<String, List<String>> configuredObjects() {
                return Map.of("contacts", FIELDS);
            }

            @Override
            public Connector unreachable() {
                try {
                    Files.createDirectories(root.resolve("exports"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return open(root, "exports", opened);
            }

            @Override
            public void close() {
                opened.forEach(CsvConnector::close);
                try (Stream<Path> files = Files.walk(root)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    private static CsvConnector open(Path root, String file, List<CsvConnector> opened) {
        CsvConnector connector = new CsvConnector(CONNECTION, new CsvSettings(file, ",", null), Map.of("contacts", CONTACTS), root);
        opened.add(connector);
        return connector;
    }

    /** {@code total} rows; the first {@code shared} share one modification time, the rest one second apart each. */
    private static void seed(Path file, int total, int shared) {
        StringBuilder csv = new StringBuilder("id,email,firstname,modified\n");
        Instant t = Instant.parse("2024-03-01T09:00:00Z");
        for (int i = 0; i < total; i++) {
            if (i >= shared) {
                t = t.plus(Duration.ofSeconds(1));
            }
            csv.append("c").append(i).append(",person").append(i).append("@example.com,P").append(i).append(',').append(t).append('\n');
        }
        try {
            CsvTestSupport.write(file.getParent(), file.getFileName().toString(), csv.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempFolder() {
        try {
            return Files.createTempDirectory("csv-contract");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

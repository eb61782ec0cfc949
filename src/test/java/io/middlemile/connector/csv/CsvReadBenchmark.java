package io.middlemile.connector.csv;

import io.middlemile.connector.Cursor;
import io.middlemile.connector.SourcePage;
import io.middlemile.workspace.CsvSettings;
import io.middlemile.workspace.ObjectConfig;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Read-only throughput of the CSV connector on a generated 1,000,000-row, 9-column file (one row
 * in ten has quoted fields, so both the plain splitter and the unquoting one are exercised; with
 * {@code --all-quoted} every value is quoted, as Salesforce's Data Loader writes them). Not a test:
 * run its {@code main} by hand. Pages of 10,000 rows, as the hub reads them.
 */
public final class CsvReadBenchmark {

    private CsvReadBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        List<String> options = List.of(args);
        int rows = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 1_000_000;
        boolean allQuoted = options.contains("--all-quoted");
        Path dir = Files.createTempDirectory("csv-bench");
        Path file = dir.resolve("contacts.csv");
        try {
            generate(file, rows, allQuoted);
            ObjectConfig config = new ObjectConfig("id", "updated_at", List.of("id", "email", "first_name", "last_name"));
            for (int round = 1; round <= 3; round++) {
                long started = System.nanoTime();
                long records = 0;
                long rejected = 0;
                try (CsvConnector connector = new CsvConnector("bench", new CsvSettings("contacts.csv", "auto", null),
                        Map.of("contacts", config), dir)) {
                    Cursor cursor = Cursor.START;
                    SourcePage page;
                    do {
                        page = connector.readChanges("contacts", cursor, 10_000);
                        records += page.records().size();
                        rejected += page.rejected().size();
                        cursor = page.next();
                    } while (!page.last());
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("round %d: %,d records, %,d rejected in %.2f s = %,.0f rows/s (%,d MiB file)%n",
                        round, records, rejected, seconds, (records + rejected) / seconds, Files.size(file) >> 20);
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static void generate(Path file, int rows, boolean allQuoted) throws IOException {
        if (allQuoted) {
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write("\"id\",\"email\",\"first_name\",\"last_name\",\"company\",\"title\",\"city\",\"country\",\"updated_at\"\r\n");
                for (int i = 1; i <= rows; i++) {
                    out.write("\"" + i + "\",\"person" + i + "@example.com\",\"Ann\",\"Smith\",");
                    out.write(i % 10 == 0 ? "\"Acme, Inc.\",\"VP \"\"Sales\"\"\"" : "\"Acme Inc\",\"VP Sales\"");
                    out.write(",\"Paris\",\"FR\",\"2024-05-01T10:00:00Z\"\r\n");
                }
            }
            return;
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id,email,first_name,last_name,company,title,city,country,updated_at\n");
            for (int i = 1; i <= rows; i++) {
                out.write(Integer.toString(i));
                out.write(",person");
                out.write(Integer.toString(i));
                out.write("@example.com,Ann,Smith,");
                out.write(i % 10 == 0 ? "\"Acme, Inc.\",\"VP \"\"Sales\"\"\"" : "Acme Inc,VP Sales");
                out.write(",Paris,FR,2024-05-01T10:00:00Z\n");
            }
        }
    }
}

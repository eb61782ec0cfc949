package io.middlemile.connector.csv;

import io.middlemile.connector.Cursor;
import io.middlemile.connector.RejectedRecord;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;
import io.middlemile.workspace.CsvSettings;
import io.middlemile.workspace.ObjectConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

final class CsvTestSupport {

    private CsvTestSupport() {
    }

    static CsvConnector connector(Path root, String file, String delimiter, ObjectConfig config) {
        return new CsvConnector("crm-export", new CsvSettings(file, delimiter, null), Map.of("contacts", config), root);
    }

    static CsvConnector connector(Path root, String file, String delimiter, ObjectConfig config, boolean neutralizeFormulas) {
        return new CsvConnector("crm-export", new CsvSettings(file, delimiter, null, neutralizeFormulas),
                Map.of("contacts", config), root);
    }

    static ObjectConfig contacts(String... fields) {
        return new ObjectConfig("id", null, List.of(fields));
    }

    static Path write(Path root, String file, String text) throws IOException {
        return write(root, file, text.getBytes(StandardCharsets.UTF_8));
    }

    static Path write(Path root, String file, byte[] bytes) throws IOException {
        Path path = root.resolve(file);
        Files.write(path, bytes);
        return path;
    }

    /** Everything read from the start with the given page size, on one connector instance. */
    static Result readAll(CsvConnector connector, int pageSize) {
        Result result = new Result();
        Cursor cursor = Cursor.START;
        for (int guard = 0; guard < 1_000_000; guard++) {
            SourcePage page = connector.readChanges("contacts", cursor, pageSize);
            result.pages.add(page);
            result.records.addAll(page.records());
            result.rejected.addAll(page.rejected());
            cursor = page.next();
            if (page.last()) {
                return result;
            }
        }
        throw new AssertionError("never reached the last page");
    }

    static final class Result {
        final List<SourcePage> pages = new ArrayList<>();
        final List<SourceRecord> records = new ArrayList<>();
        final List<RejectedRecord> rejected = new ArrayList<>();

        List<String> ids() {
            return records.stream().map(r -> r.ref().sourceId()).toList();
        }
    }
}

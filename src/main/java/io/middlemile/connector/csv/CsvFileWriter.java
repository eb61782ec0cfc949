package io.middlemile.connector.csv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.connector.FolderSync;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one run's output to {@code <file>.partial} and publishes it by an atomic rename, so readers
 * of the target file never see half a run.
 *
 * <p>Format: RFC 4180 via Commons CSV, UTF-8 without BOM, records ended by {@code \r\n} (what RFC
 * 4180 and spreadsheet imports expect; the connector's own reader accepts both), header = the
 * object's configured fields in order. With {@code neutralizeFormulas}, every value (not the header,
 * which the admin configures) goes through {@link CsvFormulaGuard#neutralize}, so a source value such
 * as {@code =HYPERLINK(...)} is shown as text by a spreadsheet instead of being run.
 *
 * <p>Crash safety: {@link #flush()} forces the bytes to disk and returns {@code {"bytes":N}}; the hub
 * commits that with the source cursor. Resuming with that state truncates the partial file back to
 * exactly N bytes, dropping rows written after the last committed page, which are written again.
 */
final class CsvFileWriter implements Closeable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path target;
    private final Path partial;
    private final List<String> columns;
    private final Set<String> columnSet;
    private CSVFormat format;
    private final String idColumn;
    private final boolean neutralizeFormulas;
    private final java.util.function.Supplier<CsvTable> published;
    private final Set<String> writtenKeys = new HashSet<>();
    private final Set<String> archivedKeys = new HashSet<>();
    private FileChannel channel;
    private CSVPrinter printer;

    /**
     * @param idColumn  the key column; with it the file is a keyed table that runs update, without it a snapshot
     * @param neutralizeFormulas prefix formula-like values with {@code '} ({@link CsvFormulaGuard})
     * @param published the target's published rows, read when a written record leaves columns out and at completion
     */
    CsvFileWriter(Path target, List<String> columns, char delimiter, String idColumn, boolean neutralizeFormulas,
                  java.util.function.Supplier<CsvTable> published) {
        this.idColumn = idColumn != null && columns.contains(idColumn) ? idColumn : null;
        this.neutralizeFormulas = neutralizeFormulas;
        this.published = published;
        this.target = target.toAbsolutePath();
        this.partial = this.target.resolveSibling(this.target.getFileName() + ".partial");
        this.columns = List.copyOf(columns);
        this.columnSet = new HashSet<>(columns);
        this.format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setRecordSeparator("\r\n").get();
    }

    /** Starts fresh (null) or resumes from a state returned by {@link #flush()}. */
    void begin(String committedState) {
        try {
            if (idColumn != null && published.get().lineEnd() != null) {
                // the rows a run writes end as the file's rows do, which it keeps as they are (CsvTable)
                format = format.builder().setRecordSeparator(published.get().lineEnd()).get();
            }
            if (committedState == null) {
                Path parent = partial.getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
                openPrinter();
                printer.printRecord(columns);
            } else {
                long bytes = parseState(committedState);
                try {
                    channel = FileChannel.open(partial, StandardOpenOption.WRITE);
                } catch (NoSuchFileException e) {
                    throw new ConnectorException(Kind.FATAL, "Cannot resume writing " + target + ": the partial file "
                            + partial + " is gone, but the last committed page ended at byte " + bytes + " of it. "
                            + "Rows already written would be lost; start the job again from the beginning "
                            + "(middlemile job run NAME --from-start).", e);
                }
                long size = channel.size();
                if (size < bytes) {
                    close();
                    throw new ConnectorException(Kind.FATAL, "Cannot resume writing " + target + ": the partial file "
                            + partial + " has " + size + " bytes but the last committed page ended at byte " + bytes
                            + ", so committed rows are missing (was it edited or replaced?). Start the job again from "
                            + "the beginning (middlemile job run NAME --from-start).");
                }
                // Drop whatever was written after the last committed page; those rows come again.
                channel.truncate(bytes);
                channel.position(bytes);
                rememberWrittenKeys();
                openPrinter();
            }
        } catch (IOException e) {
            close();
            throw new ConnectorException(Kind.RETRIABLE, "Cannot open " + partial + " for writing: " + e
                    + ". Check that the directory exists and is writable and that the disk is not full.", e);
        }
    }

    /** After a resume, the keys already in the partial file must not be copied again from the published file. */
    private void rememberWrittenKeys() throws IOException {
        if (idColumn == null) {
            return;
        }
        CSVFormat reading = format.builder().setHeader().setSkipHeaderRecord(true).get();
        try (java.io.Reader reader = Files.newBufferedReader(partial, StandardCharsets.UTF_8);
             org.apache.commons.csv.CSVParser parser = org.apache.commons.csv.CSVParser.parse(reader, reading)) {
            for (org.apache.commons.csv.CSVRecord record : parser) {
                String key = record.get(idColumn);
                writtenKeys.add(neutralizeFormulas ? CsvFormulaGuard.restore(key) : key);
            }
        }
    }

    private void openPrinter() throws IOException {
        printer = new CSVPrinter(new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel),
                StandardCharsets.UTF_8), 64 * 1024), format);
    }

    private long parseState(String state) {
        try {
            JsonNode node = JSON.readTree(state);
            if (node != null && node.hasNonNull("bytes") && node.get("bytes").canConvertToLong()
                    && node.get("bytes").asLong() >= 0) {
                return node.get("bytes").asLong();
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new ConnectorException(Kind.FATAL, "The committed writer state for " + target + " is not "
                + "{\"bytes\":N}: " + state + ". Start the job again from the beginning (middlemile job run NAME --from-start).");
    }

    /** Writes the records in column order; a record naming an unknown column is rejected alone. */
    List<WriteOutcome> write(List<TargetRecord> records) {
        requireOpen();
        List<WriteOutcome> outcomes = new ArrayList<>(records.size());
        String[] row = new String[columns.size()];
        try {
            for (TargetRecord record : records) {
                String unknown = unknownField(record.fields());
                if (unknown != null) {
                    outcomes.add(WriteOutcome.rejected(record.origin(), "field '" + unknown + "' is not a column of "
                            + target.getFileName() + "; columns are " + columns
                            + ". Add it to the object's fields in the connector file or remove it from the mapping."));
                    continue;
                }
                // an update names only the fields it changes; the others keep their published values
                Map<String, Object> before = idColumn == null || record.fields().size() == columns.size()
                        ? null : published.get().row(record.key());
                for (int i = 0; i < row.length; i++) {
                    String column = columns.get(i);
                    Object value = record.fields().containsKey(column) || before == null ? record.fields().get(column) : before.get(column);
                    row[i] = value == null ? "" : value.toString();
                }
                if (idColumn != null && row[columns.indexOf(idColumn)].isEmpty()) {
                    row[columns.indexOf(idColumn)] = record.key();
                }
                print(row);
                if (idColumn != null) {
                    writtenKeys.add(record.key());
                }
                outcomes.add(WriteOutcome.written(record.origin(), record.key()));
            }
            return outcomes;
        } catch (IOException e) {
            throw new ConnectorException(Kind.RETRIABLE, "Writing " + partial + " failed: " + e
                    + ". Check free disk space; the job can be resumed.", e);
        }
    }

    /** Prints one data row; {@code row} may be changed. */
    private void print(String[] row) throws IOException {
        if (neutralizeFormulas) {
            for (int i = 0; i < row.length; i++) {
                row[i] = CsvFormulaGuard.neutralize(row[i]);
            }
        }
        printer.printRecord((Object[]) row);
    }

    private String unknownField(Map<String, Object> fields) {
        for (String name : fields.keySet()) {
            if (!columnSet.contains(name)) {
                return name;
            }
        }
        return null;
    }

    /** Forces everything written to disk; returns {@code {"bytes":N}}. */
    String flush() {
        requireOpen();
        try {
            printer.flush();
            channel.force(true);
            return "{\"bytes\":" + channel.size() + "}";
        } catch (IOException e) {
            throw new ConnectorException(Kind.RETRIABLE, "Flushing " + partial + " to disk failed: " + e
                    + ". Check free disk space; the job can be resumed.", e);
        }
    }

    /** Removes rows by key when the run completes (undoing creates). */
    void archive(java.util.Collection<String> keys) {
        archivedKeys.addAll(keys);
        writtenKeys.removeAll(keys);
    }

    /**
     * Copies the published rows this run did not rewrite or archive, flushes, closes and renames the
     * partial file onto the target: a keyed target keeps every record no run touched.
     */
    void complete() {
        if (idColumn != null) {
            requireOpen();
            try {
                CsvTable table = published.get();
                // rows are kept as the file has them when its columns are the object's, in order; otherwise each is
                // printed again in the object's columns (what a changed connector file asks for)
                boolean asTheyAre = table.header().equals(columns);
                String[] row = new String[columns.size()];
                for (CsvTable.Row kept : table.inOrder()) {
                    if (writtenKeys.contains(kept.key()) || archivedKeys.contains(kept.key())) {
                        continue;
                    }
                    if (asTheyAre) {
                        Appendable out = printer.getOut(); // the printer's own writer: what it printed is before this
                        out.append(kept.text());
                        if (!kept.text().endsWith("\n")) {
                            out.append(format.getRecordSeparator()); // the file's last row, without a line end
                        }
                        continue;
                    }
                    for (int i = 0; i < row.length; i++) {
                        Object value = kept.values().get(columns.get(i));
                        row[i] = value == null ? "" : value.toString();
                    }
                    print(row);
                }
            } catch (IOException e) {
                throw new ConnectorException(Kind.RETRIABLE, "Writing " + partial + " failed: " + e
                        + ". Check free disk space; the job can be resumed.", e);
            }
        }
        flush();
        close();
        try {
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Same directory, so this only happens on unusual file systems; a plain replace is the best left.
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new ConnectorException(Kind.RETRIABLE, "The run's output is complete in " + partial
                    + " but could not be moved to " + target + ": " + e + ". Move it by hand or run the job again.", e);
        }
        // the rename on disk before the run is committed as done: after a crash of the machine the file system could
        // otherwise come back with the old file in place and this run's output only in the partial file, which the next
        // run starts afresh, while the state store (which waits for the disk) holds the run as published
        FolderSync.force(target.toAbsolutePath().getParent());
    }

    private void requireOpen() {
        if (printer == null) {
            throw new IllegalStateException("begin() must be called before writing to " + target);
        }
    }

    /** Closes the file without publishing it. */
    @Override
    public void close() {
        try {
            if (printer != null) {
                printer.close();
            } else if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // Nothing committed depends on this close: flush() already forced what the hub relies on.
        } finally {
            printer = null;
            channel = null;
        }
    }
}

package io.middlemile.connector.csv;

import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.Archiver;
import io.middlemile.connector.CheckpointedSink;
import io.middlemile.connector.CurrentState;
import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorDescription;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.HealthCheck;
import io.middlemile.connector.RejectedRecord;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import io.middlemile.standardize.IsoInstant;
import io.middlemile.workspace.CsvSettings;
import io.middlemile.workspace.ObjectConfig;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A CSV file as a connection with exactly one object: read as a {@link ChangeSource} (the whole file,
 * paged by byte offset) and written as a {@link CheckpointedSink} (a partial file renamed into place).
 *
 * <p>Reading: header row required; RFC 4180 quoting; UTF-8 with or without BOM; lines ending in CRLF,
 * LF or CR alone (see {@link CsvLineReader}); delimiter configured or detected from the header. Every header column is read, also those the object does not list.
 * The record id is the value of the object's id column; a row whose id is empty gets the id
 * {@code line-<n>} (n = the physical line it starts on), as does every row when the object has no id
 * column configured. Rows that are not valid CSV, and lines longer than 16 MiB, become
 * {@link RejectedRecord}s, never exceptions.
 *
 * <p>Formulas: with {@code csv.neutralizeFormulas} on (the default) a written value a spreadsheet would
 * run as a formula gets a leading {@code '}, and reading takes exactly that {@code '} off again
 * ({@link CsvFormulaGuard}); the header row is written as configured, since the admin names its columns.
 *
 * <p>Cursor: see {@link CsvCursor}. Reading from a cursor resumes right after the last row of the
 * previous page; a file replaced since the run started (its first bytes changed, or it shrank
 * before the cursor) fails with {@link Kind#FATAL}.
 *
 * <p>Not thread-safe: one job run uses an instance at a time (see {@link Connector}).
 */
public final class CsvConnector implements Connector, ChangeSource, CheckpointedSink, CurrentState, Archiver {

    private static final int MAX_BATCH_SIZE = 10_000;

    private final String connectionId;
    private final CsvSettings settings;
    private final String object;
    private final ObjectConfig config;
    private final Path file;

    private CsvRecordReader reader;
    /** The cursor value the open reader's position corresponds to; another cursor means reopen. */
    private String readerCursor;
    private CsvTable table;
    private long runSize;
    private String runFingerprint;
    private int idIndex;
    private int modifiedIndex;
    private RowFields.Columns columns;

    private CsvFileWriter writer;

    public CsvConnector(String connectionId, CsvSettings settings, Map<String, ObjectConfig> objects, Path workspaceRoot) {
        this.connectionId = Objects.requireNonNull(connectionId, "connectionId");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (objects == null || objects.isEmpty()) {
            throw new IllegalArgumentException("CSV connection '" + connectionId + "' configures no object; "
                    + "a CSV connection needs exactly one object under objects:");
        }
        Map.Entry<String, ObjectConfig> first = objects.entrySet().iterator().next();
        this.object = first.getKey();
        this.config = first.getValue();
        this.file = workspaceRoot.resolve(settings.file());
        CsvDelimiter.configured(settings.delimiter()); // fail at load time, not mid-run
    }

    @Override
    public ConnectorDescription describe() {
        return ConnectorDescription.of(this, connectionId, CsvProvider.TYPE, Map.of(object, List.copyOf(config.fields())));
    }

    @Override
    public HealthCheck check() {
        Path absolute = file.toAbsolutePath();
        try {
            if (!isUtf8()) {
                return HealthCheck.failed(unsupportedEncodingMessage());
            }
            if (Files.isDirectory(file)) {
                return HealthCheck.failed(absolute + " is a directory, not a CSV file. Fix csv.file in the connector file of '"
                        + connectionId + "'.");
            }
            if (!Files.exists(file)) {
                return HealthCheck.ok("CSV file " + absolute + " does not exist yet. It will be created when a job writes "
                        + "to connection '" + connectionId + "'; to read from it, put the export at that path.");
            }
            if (!Files.isReadable(file)) {
                return HealthCheck.failed("CSV file " + absolute + " exists but cannot be read by the user running "
                        + "Middlemile. Fix its permissions (chmod/chown) or its owner.");
            }
            try (CsvRecordReader probe = CsvRecordReader.open(file, settings.delimiter())) {
                resolveColumns(probe);
                return HealthCheck.ok("CSV file " + absolute + " is readable: " + probe.sizeAtOpen() + " bytes, "
                        + probe.header().size() + " columns, delimiter " + CsvDelimiter.describe(probe.delimiter()) + ".");
            }
        } catch (CsvFormatException | ConnectorException e) {
            return HealthCheck.failed(e.getMessage());
        } catch (Exception e) {
            return HealthCheck.failed("Could not check CSV file " + absolute + ": " + e + ".");
        }
    }

    // ---------------------------------------------------------------- reading

    @Override
    public SourcePage readChanges(String object, Cursor cursor, int pageSize) {
        requireObject(object);
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, was " + pageSize);
        }
        Cursor from = cursor == null ? Cursor.START : cursor;
        try {
            if (reader == null || from.isStart() || !from.value().equals(readerCursor)) {
                reopen(from);
            }
            List<SourceRecord> records = new ArrayList<>(Math.min(pageSize, 4096));
            List<RejectedRecord> rejected = new ArrayList<>();
            boolean endOfFile = false;
            String name = settings.file();
            while (records.size() + rejected.size() < pageSize) {
                CsvRow row = reader.next();
                if (row == null) {
                    endOfFile = true;
                    break;
                }
                String location = name + ":" + row.line();
                if (row.rejected()) {
                    rejected.add(new RejectedRecord(rejectedId(row), location, row.reason(), row.raw()));
                } else {
                    records.add(toRecord(row, location));
                }
            }
            long position = reader.position();
            long size = reader.currentSize();
            Cursor next = new CsvCursor(position, reader.linesConsumed(), runSize, runFingerprint).toCursor();
            readerCursor = next.value();
            double progress = size == 0 ? 1.0 : Math.min(1.0, (double) position / size);
            return new SourcePage(records, rejected, next, endOfFile || position >= size, progress);
        } catch (CsvFormatException e) {
            closeReader();
            throw new ConnectorException(Kind.INVALID_REQUEST, e.getMessage(), e);
        } catch (ConnectorException e) {
            closeReader();
            throw e;
        } catch (IOException e) {
            closeReader();
            throw readFailure(e);
        }
    }

    private void reopen(Cursor cursor) throws IOException {
        closeReader();
        if (!isUtf8()) {
            throw new ConnectorException(Kind.INVALID_REQUEST, unsupportedEncodingMessage());
        }
        reader = CsvRecordReader.open(file, settings.delimiter());
        resolveColumns(reader);
        if (cursor.isStart()) {
            runSize = reader.sizeAtOpen();
            runFingerprint = reader.fingerprint();
            return;
        }
        CsvCursor at = CsvCursor.parse(cursor, file.toAbsolutePath().toString());
        long fingerprinted = Math.min(CsvRecordReader.FINGERPRINT_BYTES, at.size());
        long size = reader.currentSize();
        // Compare only the bytes fingerprinted when the run started, so appending to the file is allowed.
        if (size < at.offset() || size < fingerprinted || !reader.fingerprintOfFirst(fingerprinted).equals(at.fingerprint())) {
            throw new ConnectorException(Kind.FATAL, "CSV file " + file.toAbsolutePath() + " was replaced since this run "
                    + "started at line " + at.line() + " (byte " + at.offset() + " of " + at.size() + "): its first bytes "
                    + "changed or it is now shorter (" + size + " bytes). Resuming would skip or repeat rows; start the "
                    + "job again from the beginning (middlemile job run NAME --from-start).");
        }
        runSize = at.size();
        runFingerprint = at.fingerprint();
        reader.seek(Math.max(at.offset(), reader.dataOffset()), at.offset() < reader.dataOffset() ? reader.dataLine() : at.line());
    }

    /** Checks the header against the object's configuration and remembers where id and modified time are. */
    private void resolveColumns(CsvRecordReader csv) {
        List<String> header = csv.header();
        // The header comes from the file and may be damaged to any size: the list and each name are cut.
        String where = "CSV file " + file.toAbsolutePath() + " (delimiter " + CsvDelimiter.describe(csv.delimiter())
                + ", header on line " + csv.headerLine() + ", " + header.size() + " columns: " + CsvMessages.list(header) + ")";
        idIndex = config.id() == null || config.id().isBlank() ? -1 : header.indexOf(config.id());
        if (config.id() != null && !config.id().isBlank() && idIndex < 0) {
            throw new ConnectorException(Kind.INVALID_REQUEST, where + " has no column '" + CsvMessages.name(config.id())
                    + "', which connection '" + connectionId + "' names as the id of '" + object + "'. Fix objects."
                    + object + ".id in the connector file, or export the file with that column.");
        }
        List<String> missing = new ArrayList<>();
        for (String field : config.fields()) {
            if (!header.contains(field)) {
                missing.add(field);
            }
        }
        String modified = config.modifiedField();
        modifiedIndex = modified == null || modified.isBlank() ? -1 : header.indexOf(modified);
        if (modified != null && !modified.isBlank() && modifiedIndex < 0 && !missing.contains(modified)) {
            missing.add(modified);
        }
        if (!missing.isEmpty()) {
            throw new ConnectorException(Kind.INVALID_REQUEST, where + " has no column(s) " + CsvMessages.list(missing)
                    + " that connection '" + connectionId + "' lists for '" + object + "': the export does not match the connector file. "
                    + "Export those columns, or remove them from the connector file (and the mappings using them).");
        }
        columns = new RowFields.Columns(header.toArray(new String[0]));
    }

    private SourceRecord toRecord(CsvRow row, String location) {
        String[] values = restoreFormulas(row.values());
        Map<String, Object> fields = new RowFields(columns, values);
        String id = idIndex < 0 || values[idIndex].isBlank() ? "line-" + row.line() : values[idIndex];
        Instant modifiedAt = modifiedIndex < 0 ? null : parseInstant(values[modifiedIndex]);
        return new SourceRecord(new SourceRef(connectionId, object, id), fields, modifiedAt, location);
    }

    private String rejectedId(CsvRow row) {
        String[] values = restoreFormulas(row.values());
        if (values != null && idIndex >= 0 && idIndex < values.length && !values[idIndex].isBlank()) {
            return values[idIndex];
        }
        return "line-" + row.line();
    }

    /**
     * With {@code neutralizeFormulas} on, takes off the {@code '} this connector puts in front of
     * formula-like values when writing, so a file the hub wrote reads back to exactly what was written.
     */
    private String[] restoreFormulas(String[] values) {
        if (values == null || !settings.neutralizeFormulas()) {
            return values;
        }
        for (int i = 0; i < values.length; i++) {
            values[i] = CsvFormulaGuard.restore(values[i]);
        }
        return values;
    }

    /** ISO-8601 instant, offset date-time, or local date-time taken as UTC; null when absent or not one of those. */
    static Instant parseInstant(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        try {
            return IsoInstant.read(text);
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private ConnectorException readFailure(IOException e) {
        Path absolute = file.toAbsolutePath();
        if (e instanceof NoSuchFileException) {
            return new ConnectorException(Kind.NOT_FOUND, "CSV file " + absolute + " does not exist. Put the export "
                    + "there, or fix csv.file in the connector file of '" + connectionId + "'.", e);
        }
        if (e instanceof AccessDeniedException) {
            return new ConnectorException(Kind.FATAL, "CSV file " + absolute + " cannot be read by the user running "
                    + "Middlemile. Fix its permissions (chmod/chown).", e);
        }
        return new ConnectorException(Kind.RETRIABLE, "Reading CSV file " + absolute + " failed: " + e
                + ". The job can be resumed once the file is readable.", e);
    }

    private void closeReader() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException e) {
                // Read-only handle: nothing is lost by a failed close.
            }
        }
        reader = null;
        readerCursor = null;
    }

    // ---------------------------------------------------------------- writing

    /** A CSV file is an export: every run reads it whole (an interrupted run still resumes mid-file). */
    @Override
    public boolean incremental() {
        return false;
    }

    @Override
    public int maxBatchSize() {
        return MAX_BATCH_SIZE;
    }

    @Override
    public void begin(String object, String committedState) {
        requireObject(object);
        if (!isUtf8()) {
            throw new ConnectorException(Kind.INVALID_REQUEST, unsupportedEncodingMessage());
        }
        if (writer != null) {
            writer.close();
        }
        writer = new CsvFileWriter(file, config.fields(), CsvDelimiter.forWriting(settings.delimiter()), config.id(),
                settings.neutralizeFormulas(), this::published);
        writer.begin(committedState);
    }

    /** The target's published rows, read once per connector instance (one run). */
    private CsvTable published() {
        if (table == null) {
            table = CsvTable.load(file, config.id(), CsvDelimiter.forWriting(settings.delimiter()), settings.neutralizeFormulas());
        }
        return table;
    }

    /** What the published file holds for these keys; a file without an id column is a snapshot and holds none. */
    @Override
    public Map<String, Map<String, Object>> current(String object, java.util.Collection<String> keys) {
        requireObject(object);
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        if (config.id() == null) {
            return found;
        }
        for (String key : keys) {
            Map<String, Object> row = published().row(key);
            if (row != null) {
                found.put(key, row);
            }
        }
        return found;
    }

    /** Removes rows by key when the writing session completes; a key the file does not hold is skipped. */
    @Override
    public List<WriteOutcome> archive(String object, List<String> keys, SourceRef origin) {
        requireObject(object);
        List<WriteOutcome> outcomes = new ArrayList<>(keys.size());
        for (String key : keys) {
            outcomes.add(published().row(key) == null
                    ? new WriteOutcome(origin, key, WriteOutcome.Status.SKIPPED, "not in " + settings.file())
                    : WriteOutcome.written(origin, key));
        }
        requireWriter().archive(keys);
        return outcomes;
    }

    @Override
    public List<WriteOutcome> upsert(String object, List<TargetRecord> records) {
        requireObject(object);
        return requireWriter().write(records);
    }

    @Override
    public String flush(String object) {
        requireObject(object);
        return requireWriter().flush();
    }

    @Override
    public void complete(String object) {
        requireObject(object);
        requireWriter().complete();
        writer = null;
    }

    private CsvFileWriter requireWriter() {
        if (writer == null) {
            throw new IllegalStateException("begin(...) must be called before writing to CSV connection '" + connectionId + "'");
        }
        return writer;
    }

    /** Closes open files; a run in progress stays in its partial file, unpublished. */
    @Override
    public void close() {
        closeReader();
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }

    // ---------------------------------------------------------------- helpers

    private void requireObject(String name) {
        if (!object.equals(name)) {
            throw new IllegalArgumentException("CSV connection '" + connectionId + "' has only the object '" + object
                    + "' (file " + settings.file() + "), not '" + name + "'. Fix the object name in the route or mapping.");
        }
    }

    private boolean isUtf8() {
        String encoding = settings.encoding().replace("-", "").replace("_", "");
        return encoding.equalsIgnoreCase("UTF8");
    }

    private String unsupportedEncodingMessage() {
        return "Connection '" + connectionId + "' sets encoding " + settings.encoding() + ", but the CSV connector reads "
                + "and writes UTF-8 only. Convert the file (iconv -f " + settings.encoding() + " -t UTF-8) and set "
                + "encoding: UTF-8 in the connector file.";
    }

    @Override
    public String toString() {
        return "CsvConnector[" + connectionId + ", " + settings.file() + "]";
    }
}

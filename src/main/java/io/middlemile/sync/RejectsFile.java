package io.middlemile.sync;

import io.middlemile.connector.WholeFile;
import io.middlemile.connector.csv.CsvFormulaGuard;
import io.middlemile.store.JobRun;
import io.middlemile.store.RecordOutcome;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a run's rejected records to {@code .middlemile/rejects/JOB-run-ID.csv} (location, id,
 * reason, raw input) so an admin can fix them in a spreadsheet; the store keeps them as well.
 *
 * <p>Every cell is neutralized ({@link CsvFormulaGuard}): a rejected row is by definition input nobody
 * checked, and this file is opened in a spreadsheet, so a raw {@code =HYPERLINK(...)} must show as text.
 * The store keeps the raw input unchanged.
 */
public final class RejectsFile {

    private final Path directory;

    public RejectsFile(Path directory) {
        this.directory = directory;
    }

    public Path pathFor(JobRun run) {
        return directory.resolve(run.job() + "-run-" + run.id() + ".csv");
    }

    void write(JobRun run, List<RecordOutcome> rejected) {
        Path file = pathFor(run);
        // whole or not at all (WholeFile): a file cut off by a full disk would read as the run's complete list
        try (WholeFile whole = WholeFile.create(file)) {
            Writer writer = new BufferedWriter(new OutputStreamWriter(whole.out(), StandardCharsets.UTF_8));
            CSVPrinter printer = CSVFormat.RFC4180.builder().setHeader("location", "source_id", "reason", "raw").get()
                    .print(writer);
            for (RecordOutcome outcome : rejected) {
                printer.printRecord(CsvFormulaGuard.neutralizeAll(outcome.location(), outcome.ref().sourceId(),
                        outcome.reason(), outcome.raw()));
            }
            printer.flush();
            whole.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the rejects file " + file + ": " + e.getMessage(), e);
        }
    }
}

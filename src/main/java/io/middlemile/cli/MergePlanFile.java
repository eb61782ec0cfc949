package io.middlemile.cli;

import io.middlemile.dedupe.DedupeStats;
import io.middlemile.dedupe.PlanJson;
import io.middlemile.connector.WholeFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A dedupe run's merge plan file ({@code .middlemile/dedupe/NAME-plan.json}, {@code {"merges":[...],"reviews":[...],"stats":{...}}}),
 * written from the same JSON texts the state store is sent: at a million contacts the plan's 200,000 clusters are 500 MB of
 * JSON, and writing each twice, once for the file and once for the store, took about 4 % of the run's CPU and 1.3 GB of
 * its garbage. The store asks for the merges in order, then the reviews ({@code DedupeRunStore.save}); each text is written
 * here as it is made. The file appears, whole, only at {@link #finish}: a run that fails on the way leaves the previous
 * plan in place, never half of a new one.
 */
final class MergePlanFile implements AutoCloseable {

    private final Path file;
    private final WholeFile whole;
    private final OutputStream out;
    private String section; // the array being written: "merges", "reviews", or null before the first
    private int next; // the index the current section expects next

    private MergePlanFile(Path file) throws IOException {
        this.file = file;
        this.whole = WholeFile.create(file);
        // the texts come as UTF-8 (PlanJson.texts) and go into the file as they are
        this.out = whole.out();
    }

    static MergePlanFile create(Path file) {
        try {
            return new MergePlanFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the merge plan " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code merges} as JSON texts (UTF-8), each also written to the file when asked for, in order. */
    List<byte[]> merges(List<?> merges) {
        return section("merges", merges);
    }

    /** {@code reviews} as JSON texts (UTF-8), each also written to the file when asked for, in order, after every merge. */
    List<byte[]> reviews(List<?> reviews) {
        return section("reviews", reviews);
    }

    private List<byte[]> section(String name, List<?> items) {
        return PlanJson.texts(items, (json, index) -> write(name, index, json));
    }

    private void write(String name, int index, byte[] json) {
        open(name);
        if (index != next) {
            // the file is one pass: a reader that skips or goes back would make a plan with items missing or twice
            throw new IllegalStateException("The merge plan " + file + " is written in order, but " + name + " item " + index
                    + " was asked for where item " + next + " was due.");
        }
        if (index > 0) {
            append(",");
        }
        append(json);
        next++;
    }

    /** Starts {@code name}'s array, closing the one before it (and writing an empty one for a section never asked for). */
    private void open(String name) {
        if (name.equals(section)) {
            return;
        }
        if (section == null) {
            append("{\"merges\":[");
            section = "merges";
            next = 0;
        }
        if (name.equals("reviews") && section.equals("merges")) {
            append("],\"reviews\":[");
            section = "reviews";
            next = 0;
        }
        if (!name.equals(section)) {
            throw new IllegalStateException("The merge plan " + file + " is written merges first, then reviews; " + name
                    + " were asked for after " + section + ".");
        }
    }

    /** Ends the plan with the run's figures and puts the file in place. */
    void finish(DedupeStats stats) {
        open("reviews");
        append("],\"stats\":" + PlanJson.write(stats) + "}");
        try {
            whole.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the merge plan " + file + ": " + e.getMessage(), e);
        }
    }

    private void append(String text) {
        append(text.getBytes(StandardCharsets.UTF_8));
    }

    private void append(byte[] utf8) {
        try {
            out.write(utf8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the merge plan " + file + ": " + e.getMessage(), e);
        }
    }

    /** Without {@link #finish}: the partial file is removed and the previous plan, if any, stays. */
    @Override
    public void close() {
        try {
            whole.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the unfinished merge plan " + whole.partial() + ": " + e.getMessage(), e);
        }
    }
}

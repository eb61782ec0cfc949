package io.middlemile.dedupe;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file a dedupe run writes (its merge plan, its export) made aside, as {@code NAME.partial} beside it, and put in place
 * whole by {@link #finish}: a run stopped or failing on the way (Ctrl-C, a full disk) leaves the file that was there
 * before, never a cut-off one that reads as complete. Closed without {@link #finish}, the partial file is removed.
 */
public final class WholeFile implements AutoCloseable {

    private final Path file;
    private final Path partial;
    private final OutputStream out;
    private boolean finished;

    private WholeFile(Path file) throws IOException {
        this.file = file;
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        this.partial = parent.resolve(file.getFileName() + ".partial");
        this.out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16);
    }

    /** Starts {@code file} aside, making its folder when missing. */
    public static WholeFile create(Path file) throws IOException {
        return new WholeFile(file);
    }

    /** Where the file's bytes go until {@link #finish}. */
    public OutputStream out() {
        return out;
    }

    public Path partial() {
        return partial;
    }

    /** Puts the file in place, replacing what was there. */
    public void finish() throws IOException {
        out.close();
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        finished = true;
    }

    /** Without {@link #finish}: the partial file is removed and the file that was there stays. */
    @Override
    public void close() throws IOException {
        if (finished) {
            return;
        }
        try {
            out.close();
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}

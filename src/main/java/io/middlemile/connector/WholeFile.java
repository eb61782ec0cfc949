package io.middlemile.connector;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file a command writes whole (a dedupe run's merge plan and export, a job run's plan) made aside, as
 * {@code NAME.partial} beside it, and put in place whole by {@link #finish}: a run stopped or failing on the way (Ctrl-C,
 * a full disk) leaves the file that was there before, never a cut-off one that reads as complete. Closed without
 * {@link #finish}, the partial file is removed. {@link #finish} waits for the disk, the bytes before the rename and the
 * rename after: the state store, which waits for the disk too, records the run as saved right after, and a crash of the
 * machine must not leave it naming a plan that came back empty or under the partial name.
 */
public final class WholeFile implements AutoCloseable {

    private final Path file;
    private final Path partial;
    private final FileChannel channel;
    private final OutputStream out;
    private boolean finished;

    private WholeFile(Path file) throws IOException {
        this.file = file;
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        this.partial = parent.resolve(file.getFileName() + ".partial");
        this.channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    }

    /**
     * Why {@code file} could not be written, found before a run's work rather than after it: its folder made when missing
     * and a file created and removed there. Null when it can be.
     */
    public static String unwritable(Path file) {
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return absolute + " is a folder; give the name of a file in it";
        }
        Path folder;
        try {
            folder = Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            // a file where a folder should be says so itself; anything else is the folder that cannot be made
            return e instanceof java.nio.file.FileAlreadyExistsException ? FileErrors.describe(e)
                    : "its folder " + absolute.getParent() + " cannot be made (" + FileErrors.describe(e) + ")";
        }
        try {
            Files.delete(Files.createTempFile(folder, "." + absolute.getFileName(), ".probe"));
            return null;
        } catch (IOException e) {
            return FileErrors.describe(e);
        }
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

    /** Puts the file in place, replacing what was there, once its bytes are on disk; returns when the rename is too. */
    public void finish() throws IOException {
        out.flush();
        channel.force(true);
        out.close();
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        finished = true;
        FolderSync.force(file.toAbsolutePath().getParent());
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

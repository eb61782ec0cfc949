package io.middlemile.testing;

import io.middlemile.store.EmbeddedDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** An embedded store whose files a crash of the machine damaged: the server refuses to start on it. */
public final class DamagedStore {

    /** What the server says of it, as the operator is shown it. */
    public static final String SERVER_SAYS = "FATAL: database files are incompatible with server";

    private DamagedStore() {
    }

    /** Makes a store in {@code dataDirectory} (started once and stopped), then overwrites the start of its control file. */
    public static Path make(Path dataDirectory) {
        EmbeddedDatabase.start(dataDirectory).close();
        byte[] garbage = new byte[512];
        Arrays.fill(garbage, (byte) 0xFF); // the control file's version then reads as -1
        try (FileChannel control = FileChannel.open(dataDirectory.resolve("global/pg_control"), StandardOpenOption.WRITE)) {
            control.write(ByteBuffer.wrap(garbage));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dataDirectory;
    }
}

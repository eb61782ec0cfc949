package io.middlemile.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine processes using a workspace's embedded PostgreSQL, kept beside its data folder ({@code .middlemile/pg.users}):
 * each one holds a lock on a file of its own there for as long as it uses the server. The operating system lets go of a
 * lock when its process ends, however it ends (kill -9 included), so a file whose lock nobody holds was left by a process
 * that is gone. A process id alone could not tell: a later process may have been given it (in a container, every run is
 * process 1).
 *
 * <p>Starting, joining, leaving and stopping the server are decided under {@link #exclusively}, a lock on the folder's
 * {@code .lock}: a process never joins a server that its last user is stopping at that moment, and two processes never
 * start one each. The folder is beside the data folder, not in it: initdb wants that one empty.
 */
final class ServerUsers {

    /** What a user does under the folder's lock. */
    interface Decision<T> {
        T decide() throws IOException;
    }

    /**
     * Taken by the thread of this JVM that takes the folder's lock: a file lock belongs to the whole JVM, and a second
     * thread asking for it would fail (OverlappingFileLockException) instead of waiting.
     */
    private static final Object THIS_JVM = new Object();

    /**
     * The user files this JVM holds a lock on. Never opened here but by their holder: closing any channel on a file lets
     * go of every lock this process has on it (POSIX), so looking at one of ours would end it.
     */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private ServerUsers() {
    }

    static Path folder(Path dataDirectory) {
        return dataDirectory.resolveSibling(dataDirectory.getFileName() + ".users");
    }

    /**
     * Runs {@code decision} holding the folder's lock, waiting while another process holds it (one starting the server
     * holds it for the start: a second or so, minutes for a recovery after a crash of the machine).
     */
    static <T> T exclusively(Path dataDirectory, Decision<T> decision) throws IOException {
        synchronized (THIS_JVM) {
            Path folder = Files.createDirectories(folder(dataDirectory));
            try (FileChannel channel = FileChannel.open(folder.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return decision.decide();
            }
        }
    }

    /** Makes this process a user of the server until the lease is closed. Under {@link #exclusively}. */
    static Lease take(Path dataDirectory) throws IOException {
        // the process id in the name is for a person looking at the folder; the lock alone says whether it is in use
        Path file = folder(dataDirectory).resolve(ProcessHandle.current().pid() + "-" + UUID.randomUUID() + ".user");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            channel.lock();
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(file);
            throw e;
        }
        HELD_HERE.add(file);
        return new Lease(file, channel);
    }

    /**
     * How many users the server has: files whose lock is held, by another process or by another user in this JVM. A file
     * nobody holds is deleted (its process ended without closing its lease). Under {@link #exclusively}.
     */
    static int count(Path dataDirectory) throws IOException {
        int users = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder(dataDirectory), "*.user")) {
            for (Path file : files) {
                if (HELD_HERE.contains(file) || heldElsewhere(file)) {
                    users++;
                }
            }
        }
        return users;
    }

    private static boolean heldElsewhere(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (channel.tryLock() == null) {
                return true;
            }
        } catch (NoSuchFileException gone) {
            return false;
        }
        // closed first, as for a lease's own close; nobody takes the file meanwhile (under exclusively)
        Files.deleteIfExists(file);
        return false;
    }

    /** One user's use of the server: its file, locked until closed. */
    static final class Lease {

        private final Path file;
        private final FileChannel channel;

        private Lease(Path file, FileChannel channel) {
            this.file = file;
            this.channel = channel;
        }

        /** Ends this use. Under {@link #exclusively}, so that the count that follows does not see it. */
        void close() throws IOException {
            channel.close(); // first: a file still open cannot be deleted on Windows
            HELD_HERE.remove(file);
            Files.deleteIfExists(file);
        }
    }
}

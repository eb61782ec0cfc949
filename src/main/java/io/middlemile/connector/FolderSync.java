package io.middlemile.connector;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Puts a folder's entries on disk: a file renamed into place is only there after a crash of the machine once its
 * folder is, or the file system may come back with the old file and the new one's bytes under the temporary name.
 */
public final class FolderSync {

    private FolderSync() {
    }

    /** Waits for the disk to hold {@code folder}'s entries as they are now. */
    public static void force(Path folder) {
        try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // Windows opens no folder as a file; there the rename is as durable as its file system makes it
        }
    }
}

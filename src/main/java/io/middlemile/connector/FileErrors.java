package io.middlemile.connector;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** A file system's refusal in words: the JDK's exceptions carry the bare path as their message. */
public final class FileErrors {

    private FileErrors() {
    }

    public static String describe(IOException e) {
        if (e instanceof AccessDeniedException denied) {
            return "permission denied on " + denied.getFile();
        }
        if (e instanceof NoSuchFileException missing) {
            return "no such file or folder: " + missing.getFile() + (missing.getReason() == null ? "" : " (" + missing.getReason() + ")");
        }
        if (e instanceof FileAlreadyExistsException taken) {
            return "a file, not a folder, is at " + taken.getFile();
        }
        if (e instanceof FileSystemException refused && refused.getReason() != null) {
            return refused.getReason() + ": " + refused.getFile()
                    + (refused.getOtherFile() == null ? "" : " (moving to " + refused.getOtherFile() + ")");
        }
        return String.valueOf(e.getMessage());
    }
}

package io.middlemile.cli;

import io.middlemile.connector.WholeFile;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The files a command is asked to write ({@code --plan}, {@code --export}), checked before its work: a path it cannot
 * write (a folder, a read-only or missing mount) would otherwise stop the command at its end, after a million records.
 */
final class Outputs {

    private Outputs() {
    }

    /** True when {@code file} (given with {@code option}) can be written or is not asked for; else says why on {@code err}. */
    static boolean writable(String option, Path file, PrintStream err, String nothingDone) {
        if (file == null) {
            return true;
        }
        String why = WholeFile.unwritable(file);
        if (why == null) {
            return true;
        }
        err.printf("%s %s cannot be written: %s. Give another path. %s%n", option, file, why, nothingDone);
        return false;
    }
}

package io.middlemile.connector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class WholeFileTest {

    @TempDir
    Path folder;

    @Test
    void aFileIsInPlaceWholeOnlyOnceFinishedAndTheOldOneStaysOtherwise() throws IOException {
        Path file = folder.resolve("plans/plan.json");
        try (WholeFile whole = WholeFile.create(file)) {
            whole.out().write("first".getBytes(StandardCharsets.UTF_8));
            whole.finish();
        }
        try (WholeFile whole = WholeFile.create(file)) {
            whole.out().write("cut off".getBytes(StandardCharsets.UTF_8));
            assertThat(whole.partial()).exists();
        }

        assertThat(file).hasContent("first");
        assertThat(folder.resolve("plans")).isDirectoryNotContaining("glob:**.partial");
    }

    @Test
    void whatCannotBeWrittenIsToldAndWhatCanLeavesNothingBehind() throws IOException {
        Path file = Files.writeString(folder.resolve("export.csv"), "a file");

        assertThat(WholeFile.unwritable(folder)).isEqualTo(folder.toAbsolutePath() + " is a folder; give the name of a file in it");
        assertThat(WholeFile.unwritable(file.resolve("plan.json"))).isEqualTo("a file, not a folder, is at " + file.toAbsolutePath());
        assertThat(WholeFile.unwritable(folder.resolve("new/folder/plan.json"))).isNull();
        assertThat(WholeFile.unwritable(file)).as("an existing file is replaced").isNull();
        assertThat(folder.resolve("new/folder")).isEmptyDirectory();
        assertThat(folder).isDirectoryNotContaining("glob:**.probe");
    }

    @Test
    void aFolderThatCannotBeMadeIsToldAsSuch() {
        // /proc takes no new folders: making one fails as "no such file", which alone would read as a missing path
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux /proc");

        assertThat(WholeFile.unwritable(Path.of("/proc/middlemile-nope/x.csv")))
                .isEqualTo("its folder /proc/middlemile-nope cannot be made (no such file or folder: /proc/middlemile-nope)");
    }
}

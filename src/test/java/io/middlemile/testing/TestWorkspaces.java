package io.middlemile.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** Copies of the bundled sample workspace for tests that change or run it. */
public final class TestWorkspaces {

    /** The repository root, which is the bundled sample workspace. */
    public static final Path BUNDLED = Path.of(System.getProperty("user.dir")).toAbsolutePath();

    private TestWorkspaces() {
    }

    /** Copies the workspace folders and the sample data into {@code target}. */
    public static Path copyBundled(Path target) {
        for (String folder : List.of("connectors", "mappings", "routes", "dedupe", "assign", "hygiene", "enrich", "outreach", "samples")) {
            if (Files.isDirectory(BUNDLED.resolve(folder))) {
                copyTree(BUNDLED.resolve(folder), target.resolve(folder));
            }
        }
        return target;
    }

    public static void copyTree(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path destination = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

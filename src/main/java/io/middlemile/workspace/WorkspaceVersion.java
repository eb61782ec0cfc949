package io.middlemile.workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Names the exact workspace content a run used, for the run record and the journal: the git commit
 * when the workspace is a clean git checkout, otherwise (or additionally, when there are uncommitted
 * changes) a SHA-256 of the four folders' files.
 */
public final class WorkspaceVersion {

    private WorkspaceVersion() {
    }

    public static String of(Path root) {
        String hash = "sha256:" + contentHash(root).substring(0, 12);
        String commit = git(root, "rev-parse", "--short=12", "HEAD");
        if (commit == null) {
            return hash;
        }
        String changes = git(root, Stream.concat(Stream.of("status", "--porcelain", "--"), WorkspaceLoader.FOLDERS.stream())
                .toArray(String[]::new));
        return changes == null || changes.isEmpty() ? "git:" + commit : "git:" + commit + "+uncommitted " + hash;
    }

    static String contentHash(Path root) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String folder : WorkspaceLoader.FOLDERS) {
                Path directory = root.resolve(folder);
                if (!Files.isDirectory(directory)) {
                    continue;
                }
                List<Path> files;
                try (Stream<Path> walk = Files.walk(directory)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path file : files) {
                    digest.update(root.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                    digest.update(Files.readAllBytes(file));
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unknown";
        }
    }

    private static String git(Path root, String... args) {
        try {
            String[] command = Stream.concat(Stream.of("git", "-C", root.toString()), Stream.of(args)).toArray(String[]::new);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(5, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return null;
            }
            return output;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

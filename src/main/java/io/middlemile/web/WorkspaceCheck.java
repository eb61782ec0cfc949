package io.middlemile.web;

import io.middlemile.assign.OwnerSources;
import io.middlemile.connector.Providers;
import io.middlemile.govern.Governance;
import io.middlemile.mapping.Transforms;
import io.middlemile.store.OwnerCacheStore;
import io.middlemile.workspace.CrmOwners;
import io.middlemile.workspace.OwnerIdChecks;
import io.middlemile.workspace.SecretEnvironment;
import io.middlemile.workspace.ValidationError;
import io.middlemile.workspace.Workspace;
import io.middlemile.workspace.WorkspaceLoader;
import io.middlemile.workspace.WorkspaceVersion;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The workspace's files as they are on disk now, and their validation: exactly the checks `middlemile validate` and
 * start-up run (the same loader, the same secrets environment, rule sets' CRM owners checked against the store's copy).
 * Read only, for the console and {@code GET /api/workspace/validation}: configuration lives in git and is changed there.
 */
@Component
public class WorkspaceCheck {

    /** One workspace file and how many problems validation found in it. */
    public record WorkspaceFile(String path, long bytes, int problems) {
    }

    /** One problem as {@code file:line: field.path: message}, and its parts. */
    public record Problem(String file, int line, String path, String message, String text) {
        static Problem of(ValidationError error) {
            return new Problem(error.file(), error.line(), error.path(), error.message(), error.toString());
        }
    }

    /**
     * A validation of the files on disk.
     *
     * @param runningVersion the workspace version the engine loaded at start-up and runs
     * @param diskVersion    the version of the files on disk now; when it differs, the engine runs the other one until restarted
     * @param problems       sorted by file and line
     * @param warnings       what `middlemile validate` warns of and lets through (a listed owner's crmId no user of the CRM
     *                       has, as its users were last read into the store); checked only when the files are valid
     */
    public record Validation(String root, Instant checkedAt, String runningVersion, String diskVersion, boolean valid,
                             List<Problem> problems, List<String> warnings, List<WorkspaceFile> files) {

        public boolean changedSinceStart() {
            return !runningVersion.equals(diskVersion);
        }
    }

    private final Path root;
    private final SecretEnvironment secrets;
    private final OwnerCacheStore owners;
    private final java.util.function.Supplier<String> runningVersion;
    private final Clock clock = Clock.systemUTC();

    @org.springframework.beans.factory.annotation.Autowired
    public WorkspaceCheck(Workspace workspace, SecretEnvironment secrets, OwnerCacheStore owners, Governance governance) {
        this(workspace.root(), secrets, owners, governance::workspaceVersion);
    }

    WorkspaceCheck(Path root, SecretEnvironment secrets, OwnerCacheStore owners, java.util.function.Supplier<String> runningVersion) {
        this.root = root;
        this.secrets = secrets;
        this.owners = owners;
        this.runningVersion = runningVersion;
    }

    public Validation validate() {
        WorkspaceLoader loader = new WorkspaceLoader(secrets.variables(), Transforms.CATALOG, Providers.CATALOG);
        WorkspaceLoader.Result result = loader.load(root);
        // as `middlemile validate`: owner ids of rule sets whose owners are a CRM's users are checked against the store's copy
        boolean crmOwners = result.valid() && result.workspace().assign().keySet().stream()
                .anyMatch(name -> result.workspace().ownersFrom(name) != null);
        CrmOwners stored = OwnerSources.forValidation(owners);
        WorkspaceLoader.Result checked = crmOwners ? loader.withCrmOwners(stored).load(root) : result;
        List<Problem> problems = checked.errors().stream().sorted().map(Problem::of).toList();
        List<String> warnings = checked.valid() ? OwnerIdChecks.ownersTheCrmWouldRefuse(checked.workspace(), stored) : List.of();
        Map<String, Long> perFile = problems.stream().collect(Collectors.groupingBy(Problem::file, Collectors.counting()));
        List<WorkspaceFile> files = new ArrayList<>();
        for (Path file : files()) {
            String relative = root.relativize(file).toString().replace('\\', '/');
            files.add(new WorkspaceFile(relative, size(file), perFile.getOrDefault(relative, 0L).intValue()));
        }
        return new Validation(root.toAbsolutePath().normalize().toString(), clock.instant(), runningVersion.get(),
                WorkspaceVersion.of(root), checked.valid(), problems, warnings, files);
    }

    /** The files of the workspace's folders, in path order; hidden files (editors' swap files, .gitkeep) are left out. */
    private List<Path> files() {
        List<Path> found = new ArrayList<>();
        for (String folder : WorkspaceLoader.FOLDERS) {
            Path dir = root.resolve(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(Files::isRegularFile).filter(path -> !root.relativize(path).toString().matches("(.*/)?\\..*"))
                        .sorted().forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
        return found;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}

package io.middlemile.workspace;

import io.middlemile.connector.Providers;
import io.middlemile.mapping.Transforms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden tests of the messages an admin sees for a broken workspace. Each folder of
 * {@code src/test/resources/workspaces/broken/} is one case: the valid base workspace
 * ({@code workspaces/base/}) overlaid with the case's files (same relative path replaces, new path
 * adds), minus the relative paths listed in {@code _delete.txt}, loaded with the environment of
 * {@code _env.properties} (empty when absent). The errors, one {@code toString()} per line, must equal
 * {@code expected.txt} exactly.
 *
 * <p>Run with {@code -Dgolden.update=true} to rewrite every {@code expected.txt} from the current
 * loader; then read the diff: each message must be understandable without the source code.
 */
class BrokenWorkspaceGoldenTest {

    static final Path RESOURCES = Path.of(System.getProperty("user.dir"), "src", "test", "resources", "workspaces");
    static final Path BASE = RESOURCES.resolve("base");
    static final Path BROKEN = RESOURCES.resolve("broken");

    private static final String EXPECTED = "expected.txt";
    private static final String DELETE = "_delete.txt";
    private static final String ENV = "_env.properties";
    private static final Set<String> CONTROL_FILES = Set.of(EXPECTED, DELETE, ENV);
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> folders = Files.list(BROKEN)) {
            return folders.filter(Files::isDirectory).map(folder -> folder.getFileName().toString()).sorted().toList().stream();
        }
    }

    @Test
    void theBaseWorkspaceIsValid() {
        WorkspaceLoader.Result result = new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).load(BASE);

        assertThat(result.errors()).isEmpty();
        assertThat(result.workspace().connectors()).containsOnlyKeys("clean-contacts", "hubspot", "legacy-crm-export");
        assertThat(result.workspace().routes()).extracting(RouteInfo::id).containsExactly("import-contacts");
        assertThat(result.workspace().dedupe()).containsOnlyKeys("contacts");
    }

    @Test
    void thereAreEnoughCases() throws IOException {
        assertThat(cases().count()).isGreaterThanOrEqualTo(18);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsExactlyTheExpectedErrors(String name, @TempDir Path workspace) throws IOException {
        Path caseDir = BROKEN.resolve(name);
        copyTree(BASE, workspace, Set.of());
        copyTree(caseDir, workspace, CONTROL_FILES);
        Path deletions = caseDir.resolve(DELETE);
        if (Files.exists(deletions)) {
            for (String line : Files.readAllLines(deletions, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    Path target = workspace.resolve(line.strip());
                    assertThat(target).as("%s lists %s, which the base workspace does not have", DELETE, line).exists();
                    Files.delete(target);
                }
            }
        }

        WorkspaceLoader.Result result = new WorkspaceLoader(environment(caseDir), Transforms.CATALOG, Providers.CATALOG).load(workspace);
        String actual = result.errors().stream().map(ValidationError::toString).collect(Collectors.joining("\n", "", "\n"));

        Path expectedFile = caseDir.resolve(EXPECTED);
        if (UPDATE) {
            Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
        }
        assertThat(expectedFile).as("golden file of case %s; create it with -Dgolden.update=true and review it", name).exists();
        assertThat(result.valid()).as("a broken workspace must not be valid").isFalse();
        assertThat(actual).isEqualTo(Files.readString(expectedFile, StandardCharsets.UTF_8));
    }

    private static Map<String, String> environment(Path caseDir) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        Path file = caseDir.resolve(ENV);
        if (Files.exists(file)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(key -> environment.put(key, properties.getProperty(key)));
        }
        return environment;
    }

    /** Copies the files under {@code from} to the same relative paths under {@code to}, replacing existing ones. */
    static void copyTree(Path from, Path to, Set<String> skipAtTop) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            Path relative = from.relativize(file);
            if (relative.getNameCount() == 1 && skipAtTop.contains(relative.toString())) {
                continue;
            }
            Path target = to.resolve(relative.toString());
            Files.createDirectories(target.getParent());
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

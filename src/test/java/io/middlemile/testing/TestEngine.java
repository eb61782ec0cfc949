package io.middlemile.testing;

import io.middlemile.cli.EngineLauncher;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A JUnit 5 extension that starts one engine for a test class: a copy of the bundled workspace in a
 * temporary folder, a fresh database on the shared embedded PostgreSQL ({@link TestDatabase}) and the
 * engine as the CLI commands start it. Stopped, and the folder removed, after the class's last test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestEngine engine = new TestEngine();
 *
 * @Test
 * void something() {
 *     RunStore runs = engine.bean(RunStore.class);
 * }
 * }</pre>
 */
public final class TestEngine implements BeforeAllCallback, AfterAllCallback {

    private Path workspace;
    private ConfigurableApplicationContext context;

    @Override
    public void beforeAll(ExtensionContext extension) throws IOException {
        workspace = Files.createTempDirectory("middlemile-engine");
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();
        context = EngineLauncher.forCommand(workspace);
    }

    @Override
    public void afterAll(ExtensionContext extension) {
        try {
            if (context != null) {
                context.close();
            }
        } finally {
            context = null;
            delete(workspace);
        }
    }

    /** The running engine. */
    public ConfigurableApplicationContext context() {
        if (context == null) {
            throw new IllegalStateException("the engine runs from before the first test to after the last; register TestEngine as a static"
                    + " @RegisterExtension field");
        }
        return context;
    }

    /** One of the engine's beans (its stores, data source, ...). */
    public <T> T bean(Class<T> type) {
        return context().getBean(type);
    }

    /** The engine's workspace folder, a copy of the bundled one. */
    public Path workspace() {
        return workspace;
    }

    private static void delete(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

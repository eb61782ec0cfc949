package io.middlemile.testing;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Headless Debian Chromium for browser tests, driven by Debian's chromedriver. The first use runs
 * {@code scripts/ensure-chromium.sh}, which installs the packages where they are missing (CI runs as root on a clean
 * machine) or says how to; nothing downloads a browser or a driver build of its own.
 */
public final class Chromium {

    public static final Path BROWSER = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCRIPT = TestWorkspaces.BUNDLED.resolve("scripts/ensure-chromium.sh");

    private static boolean ensured;

    private Chromium() {
    }

    /** Installs Chromium and its driver when missing; fails with the script's own explanation when it cannot. */
    public static synchronized void ensureInstalled() throws IOException, InterruptedException {
        if (ensured) {
            return;
        }
        Path log = Files.createTempFile("ensure-chromium", ".log");
        Process script = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!script.waitFor(10, TimeUnit.MINUTES)) {
            script.destroyForcibly();
            throw new IllegalStateException(SCRIPT + " did not finish in 10 minutes (is the package mirror reachable?): "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        if (script.exitValue() != 0) {
            throw new IllegalStateException(SCRIPT + " could not install Chromium (exit " + script.exitValue() + "):\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        ensured = true;
    }

    /**
     * A fresh headless browser at 1280 x 900. The flags keep Chromium from reaching out (this machine's network is
     * closed, and without them Chromium waits on connections that never come).
     */
    public static ChromeDriver start(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,900", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER.toString()))
                .withLogOutput(java.io.OutputStream.nullOutputStream()).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return driver;
    }
}

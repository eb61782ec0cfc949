package io.middlemile.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class OutOfMemoryTest {

    private static final long MB = 1024 * 1024;
    private static final long GB = 1024 * MB;

    @Test
    void advisesTwiceTheHeapAndAtLeast4GbInWholeGigabytesWithinTheMachinesMemory() {
        // twice 912 MB would be 2 GB: enough for a million contacts, not for more
        assertThat(OutOfMemory.advice("dedupe contacts", 912 * MB, 24 * GB))
                .isEqualTo("Run it again with a larger heap: MIDDLEMILE_JAVA_OPTS=-Xmx4g ./middlemile dedupe contacts"
                        + " (a million contacts' dedupe runs in 2 GB).");
        assertThat(OutOfMemory.advice("dedupe contacts", 3 * GB, 24 * GB)).contains("-Xmx6g ./middlemile dedupe contacts");
        // 4 GB does not fit on a 4 GB machine: three quarters of it
        assertThat(OutOfMemory.advice("dedupe contacts", 1536 * MB, 4 * GB)).contains("-Xmx3g ./middlemile dedupe contacts");
        // twice does not fit on an 8 GB machine: as much as fits
        assertThat(OutOfMemory.advice("dedupe contacts", 4 * GB, 8 * GB)).contains("-Xmx6g");
        // the machine's memory unknown: twice
        assertThat(OutOfMemory.advice("job run import-contacts", 3 * GB, 0))
                .isEqualTo("Run it again with a larger heap: MIDDLEMILE_JAVA_OPTS=-Xmx6g ./middlemile job run import-contacts.");
    }

    @Test
    void aMachineWithNoRoomForALargerHeapIsSaidToBe() {
        assertThat(OutOfMemory.advice("dedupe contacts", 3 * GB, 4 * GB))
                .startsWith("This machine's memory (4.0 GB) leaves no larger heap to give it: run it on a machine with more"
                        + " memory, or with fewer records at a time")
                .doesNotContain("-Xmx");
    }

    @Test
    void explainsWhatRanOutWhatIsKeptAndWhatToRun() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = OutOfMemory.explain(new OutOfMemoryError("Java heap space"), new String[] {"dedupe", "contacts", "--export",
                "out/clusters.csv"}, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(1);
        String said = err.toString(StandardCharsets.UTF_8);
        assertThat(said).startsWith("Middlemile ran out of memory (Java heap space) during `middlemile dedupe contacts --export"
                        + " out/clusters.csv`: the JVM's heap, at most ")
                .contains("a dedupe run saves nothing until its end, so the previous plan, export and match index stay in use")
                .contains("MIDDLEMILE_JAVA_OPTS=-Xmx")
                .contains("./middlemile dedupe contacts --export out/clusters.csv")
                .doesNotContain("at io.middlemile");
    }

    @Test
    void otherCommandsAreNotToldAboutDedupe() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OutOfMemory.explain(new OutOfMemoryError("Java heap space"), new String[] {"quality", "contacts"},
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("during `middlemile quality contacts`")
                .doesNotContain("dedupe");
    }

    @Test
    void findsTheErrorWhereAnotherThreadHandedItOverWrapped() {
        OutOfMemoryError error = new OutOfMemoryError("Java heap space");

        assertThat(OutOfMemory.cause(new java.util.concurrent.CompletionException(new java.util.concurrent.ExecutionException(error))))
                .isSameAs(error);
        assertThat(OutOfMemory.cause(error)).isSameAs(error);
        assertThat(OutOfMemory.cause(new IllegalStateException("disk full", new java.io.IOException("no space")))).isNull();
    }

    @Test
    void warnsOnceForItsOwnSpaceOnly() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OutOfMemory.Warning warning = new OutOfMemory.Warning("PS Old Gen", "dedupe contacts", 2000 * MB,
                new PrintStream(err, true, StandardCharsets.UTF_8));

        warning.exceeded("PS Eden Space", 1990 * MB);
        assertThat(err.size()).isZero();
        warning.exceeded("PS Old Gen", 1900 * MB);
        warning.exceeded("PS Old Gen", 1950 * MB);

        String said = err.toString(StandardCharsets.UTF_8);
        assertThat(said.lines()).hasSize(1);
        assertThat(said).startsWith("Memory is running short: after a collection, long-lived data still fills 1,900 of its"
                        + " 2,000 MB (95 %). If `middlemile dedupe contacts` slows to a crawl or stops with 'out of memory',"
                        + " stop it (Ctrl-C; it keeps what it committed). Run it again with a larger heap:")
                .contains("./middlemile dedupe contacts");
    }

    @Test
    void watchesTheOldGenerationWhileOpenAndStopsWhenClosed() {
        MemoryPoolMXBean old = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported())
                .filter(pool -> pool.getName().contains("Old") || pool.getName().contains("Tenured"))
                .findFirst().orElseThrow();
        long max = old.getUsage().getMax();

        try (OutOfMemory.Watch watch = OutOfMemory.watch(new String[] {"dedupe", "contacts"}, System.err)) {
            assertThat(old.getCollectionUsageThreshold()).isEqualTo((long) (max * OutOfMemory.WARN_AT));
        }
        assertThat(old.getCollectionUsageThreshold()).isZero();
    }
}

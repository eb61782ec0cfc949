package io.middlemile.bench;

import io.middlemile.cli.Main;
import io.middlemile.testing.ContactCsv;
import io.middlemile.testing.TestWorkspaces;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CSV → mapping → CSV through the whole engine (Camel route, mapping, checkpointed CSV sink, one
 * store commit per page with every record outcome), on a generated export. Prints figures; it is
 * not a test. Run with:
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.middlemile.bench.CsvPipelineBenchmark -Dexec.args="1000000 5000"
 * </pre>
 *
 * Arguments: rows (default 1,000,000) and page size (default 5,000).
 */
public final class CsvPipelineBenchmark {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int pageSize = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        Path workspace = Files.createTempDirectory("middlemile-bench");
        TestWorkspaces.copyBundled(workspace);
        Path input = workspace.resolve("samples/contacts.csv");
        long generateStart = System.nanoTime();
        ContactCsv.write(input, rows);
        System.out.printf("generated %,d rows (%,d MB) in %.1f s%n", rows, Files.size(input) >> 20,
                (System.nanoTime() - generateStart) / 1e9);
        Path route = workspace.resolve("routes/import-contacts.camel.yaml");
        Files.writeString(route, Files.readString(route).replace("pageSize: 500", "pageSize: " + pageSize));

        long start = System.nanoTime();
        int exit = Main.execute("job", "run", "import-contacts", "--workspace", workspace.toString());
        double seconds = (System.nanoTime() - start) / 1e9;

        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPeak += pool.getPeakUsage().getUsed();
            }
        }
        long outputLines;
        try (var lines = Files.lines(workspace.resolve("out/contacts-clean.csv"))) {
            outputLines = lines.count() - 1;
        }
        System.out.println();
        System.out.println("| figure | value |");
        System.out.println("|---|---|");
        System.out.printf("| rows in / out | %,d / %,d |%n", rows, outputLines);
        System.out.printf("| page size | %,d |%n", pageSize);
        System.out.printf("| wall time, engine start to summary | %.1f s |%n", seconds);
        System.out.printf("| throughput (including ~5 s engine start) | %,.0f rows/s |%n", rows / seconds);
        System.out.printf("| peak heap (sum of pool peaks) | %,d MB |%n", heapPeak >> 20);
        System.out.printf("| max heap | %,d MB |%n", Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("| exit code | %d |%n", exit);
        System.exit(exit);
    }
}

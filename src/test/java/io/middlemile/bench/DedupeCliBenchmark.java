package io.middlemile.bench;

import io.middlemile.cli.Main;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dedupe quality target as a user meets it: the generator's contacts written as two CSV exports, a HubSpot one
 * (HubSpot's export column names) and a Salesforce one (Data Loader's API field names), a workspace configured as
 * the README tells a new user (a CSV connector and a mapping per export, the bundled {@code dedupe/contacts.yaml}
 * with its sources set to the two mappings), then {@code middlemile dedupe contacts --export clusters.csv} run
 * in-process through {@link Main#execute}. The export is scored against the generator's truth: auto-merge precision
 * (pairs put in one cluster that are one person) and pairwise F1, with the command's wall time and peak heap. The
 * time includes what the command does besides matching: starting the state store and saving the match index.
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx3g -XX:+UseParallelGC -XX:InitialRAMPercentage=25 -XX:MetaspaceSize=128m -XX:GCTimeLimit=90 -XX:GCHeapFreeLimit=10 -XX:FreqInlineSize=60 \
 *     -XX:InlineSmallCode=600 -XX:CompileThresholdScaling=3 -XX:+UseTransparentHugePages \
 *     -cp target/classes:target/test-classes:$(cat target/cp.txt) io.middlemile.bench.DedupeCliBenchmark 1000000
 * </pre>
 * The flags are those the {@code middlemile} script runs {@code dedupe} with: the collector, the initial heap (all of
 * it), the metaspace threshold, the compiler's inlining limits and huge pages for the heap (on Linux, where the kernel
 * offers them); the figures lines name the ones the benchmark ran with.
 * Arguments: records (default 1,000,000), seed (42). The workspace is deleted at the end unless {@code -Dkeep=true}.
 */
public final class DedupeCliBenchmark {

    private static final String[] HUBSPOT = {"Record ID", "First Name", "Last Name", "Email", "Phone Number",
        "Company Name", "Website URL", "LinkedIn URL", "Job Title", "Country/Region", "Create Date",
        "Last Modified Date"};
    private static final String[] SALESFORCE = {"Id", "FirstName", "LastName", "Email", "Phone", "Account.Name",
        "Account.Website", "LinkedIn_URL__c", "Title", "MailingCountry", "CreatedDate", "LastModifiedDate"};

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42L;
        Path workspace = Files.createTempDirectory("middlemile-dedupe-cli-bench");
        int[] truth = new int[n];
        long g0 = System.nanoTime();
        writeExports(workspace, n, seed, truth);
        writeWorkspace(workspace);
        System.out.printf(Locale.ROOT, "generated %,d contacts as a HubSpot and a Salesforce CSV export in %.1f s -> %s%n",
                n, (System.nanoTime() - g0) / 1e9, workspace);

        Path export = workspace.resolve("out/clusters.csv");
        System.gc();
        DedupeScaleBenchmark.resetPeaks();
        long gc0 = gcMillis();
        CpuTime cpu;
        long t0 = System.nanoTime();
        int exit;
        try (CpuTime.Sampler sampler = new CpuTime.Sampler()) {
            exit = Main.execute("dedupe", "contacts", "--export", export.toString(), "--workspace", workspace.toString());
            cpu = sampler.used();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double gc = (gcMillis() - gc0) / 1e3;
        long peak = DedupeScaleBenchmark.peakHeap();
        if (exit != 0) {
            throw new IllegalStateException("middlemile dedupe exited with " + exit);
        }
        System.out.printf(Locale.ROOT, "middlemile dedupe contacts --export: %.1f s (of which the state store and the "
                        + "match index are part), peak heap %,d MB (sum of pool peaks) of max %,d MB (initial %,d MB), %d cores, collectors %s,"
                        + " %s%n",
                seconds, peak >> 20, Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getInit() >> 20, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList(), launcherFlags());
        // on 2 cores the run is bound by CPU, and its wall time varies by a quarter between identical runs: what it used
        // (this JVM with its JIT compiler, the state store's processes) is the steadier figure
        double jvm = cpu.jvmMs() / 1e3;
        double postgres = cpu.postgresMs() / 1e3;
        System.out.printf(Locale.ROOT, "  CPU %.1f s = this JVM %.1f s (of which its JIT compiler %.1f s) + the state store's"
                        + " PostgreSQL %.1f s: %.1f of %d cores on average; the collectors stopped the JVM %.1f s%n",
                jvm + postgres, jvm, cpu.jitMs() / 1e3, postgres, (jvm + postgres) / seconds,
                Runtime.getRuntime().availableProcessors(), gc);
        score(export, truth);
        if (!Boolean.getBoolean("keep")) {
            // the exports, the plan file and the state store: about 700 MB at a million contacts, left in the temp folder
            try (var paths = Files.walk(workspace)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
            System.out.println("  workspace deleted (-Dkeep=true keeps it)");
        }
    }

    /** The JVM options besides the collector that the {@code middlemile} script sets for {@code dedupe}, as this JVM has them. */
    private static String launcherFlags() {
        var hotspot = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        return "MetaspaceSize=" + (Long.parseLong(hotspot.getVMOption("MetaspaceSize").getValue()) >> 20) + "m FreqInlineSize="
                + hotspot.getVMOption("FreqInlineSize").getValue() + " InlineSmallCode=" + hotspot.getVMOption("InlineSmallCode").getValue()
                + " CompileThresholdScaling=" + hotspot.getVMOption("CompileThresholdScaling").getValue()
                + " UseTransparentHugePages=" + linuxOnly(hotspot, "UseTransparentHugePages");
    }

    /** A Linux-only option's value, or "n/a" on a JVM that has no such option. */
    private static String linuxOnly(com.sun.management.HotSpotDiagnosticMXBean hotspot, String option) {
        try {
            return hotspot.getVMOption(option).getValue();
        } catch (IllegalArgumentException e) {
            return "n/a";
        }
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    /** Pairwise precision and F1 of the exported clusters against the known people. */
    private static void score(Path export, int[] truth) throws IOException {
        Map<String, Integer> clusterSize = new HashMap<>();
        Map<Long, Integer> entitySize = new HashMap<>();
        Map<String, Integer> both = new HashMap<>();
        int rows = 0;
        try (Reader in = Files.newBufferedReader(export, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(in, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build())) {
            for (CSVRecord row : parser) {
                String cluster = row.get("cluster_id");
                // record ids are the generator's: two letters of the source, a dash, the row number
                int entity = truth[Integer.parseInt(row.get("record_id").substring(3))];
                clusterSize.merge(cluster, 1, Integer::sum);
                entitySize.merge((long) entity, 1, Integer::sum);
                both.merge(cluster + "/" + entity, 1, Integer::sum);
                rows++;
            }
        }
        long predicted = pairs(clusterSize);
        long correct = pairs(both);
        long actual = entitySize.values().stream().mapToLong(s -> (long) s * (s - 1) / 2).sum();
        double precision = predicted == 0 ? 1 : (double) correct / predicted;
        double recall = actual == 0 ? 1 : (double) correct / actual;
        System.out.printf(Locale.ROOT, "  export: %,d rows, %,d clusters%n", rows, clusterSize.size());
        System.out.printf(Locale.ROOT, "  auto-merge precision %.4f (%,d of %,d pairs in one cluster are one person)%n",
                precision, correct, predicted);
        System.out.printf(Locale.ROOT, "  pairwise F1 %.4f (recall %.4f, %,d of %,d true pairs)%n",
                2 * precision * recall / (precision + recall), recall, correct, actual);
    }

    private static long pairs(Map<String, Integer> sizes) {
        return sizes.values().stream().mapToLong(s -> (long) s * (s - 1) / 2).sum();
    }

    private static void writeExports(Path workspace, int n, long seed, int[] truth) throws IOException {
        Path samples = Files.createDirectories(workspace.resolve("samples"));
        CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build();
        try (Writer hw = Files.newBufferedWriter(samples.resolve("hubspot-contacts.csv"), StandardCharsets.UTF_8);
             Writer sw = Files.newBufferedWriter(samples.resolve("salesforce-contacts.csv"), StandardCharsets.UTF_8);
             CSVPrinter hubspot = new CSVPrinter(hw, format);
             CSVPrinter salesforce = new CSVPrinter(sw, format)) {
            hubspot.printRecord((Object[]) HUBSPOT);
            salesforce.printRecord((Object[]) SALESFORCE);
            CrmContactGenerator.twoExports(seed, n).generate(n, row -> {
                truth[Integer.parseInt(row.recordId().substring(3))] = Integer.parseInt(row.entityId());
                try {
                    (row.source().equals("hubspot") ? hubspot : salesforce).printRecord(row.recordId(), row.firstName(),
                            row.lastName(), row.email(), row.phone(), row.company(), row.website(), row.linkedin(),
                            row.title(), row.country(), row.createdAt(), row.updatedAt());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        // On the disk before the run, as a user's exports are: left to the kernel, its writeback of these 170 MB came
        // 30 s after they were written (vm.dirty_expire_centisecs), in the middle of the run's own saves and their fsyncs
        for (String file : List.of("hubspot-contacts.csv", "salesforce-contacts.csv")) {
            try (FileChannel channel = FileChannel.open(samples.resolve(file), StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }
    }

    /** Connectors and mappings as the README's CSV connector and mapping sections show them; the bundled rule. */
    private static void writeWorkspace(Path workspace) throws IOException {
        write(workspace, "connectors/hubspot-export.yaml", connector("HubSpot contact export", "hubspot-contacts.csv",
                "Record ID", "Last Modified Date", HUBSPOT));
        write(workspace, "connectors/salesforce-export.yaml", connector("Salesforce contact export (Data Loader)",
                "salesforce-contacts.csv", "Id", "LastModifiedDate", SALESFORCE));
        write(workspace, "mappings/hubspot-export-contacts.yaml", mapping("hubspot-export", "Country/Region", HUBSPOT));
        write(workspace, "mappings/salesforce-export-contacts.yaml", mapping("salesforce-export", "MailingCountry", SALESFORCE));
        String rule = Files.readString(Path.of(System.getProperty("user.dir"), "dedupe", "contacts.yaml"))
                .replaceFirst("(?m)^sources: .*$", "sources: [hubspot-export-contacts, salesforce-export-contacts]")
                .replaceFirst("(?m)^  sourcePriority: .*$", "  sourcePriority: [hubspot-export, salesforce-export]");
        write(workspace, "dedupe/contacts.yaml", rule);
        // the engine the command starts for its state store reads routes/, which a dedupe-only workspace may lack
        Files.createDirectories(workspace.resolve("routes"));
    }

    private static String connector(String description, String file, String id, String modified, String[] columns) {
        return "type: csv\ndescription: " + description + "\ncsv:\n  file: samples/" + file + "\n  delimiter: auto\n"
                + "objects:\n  contacts:\n    id: " + id + "\n    modifiedField: " + modified + "\n    fields: ["
                + String.join(", ", columns) + "]\n";
    }

    /** Columns in the generator's order: id, first, last, email, phone, company, website, linkedin, title, country, created, modified. */
    private static String mapping(String connector, String countryField, String[] c) {
        return "connector: " + connector + "\nobject: contacts\nentity: person\ncountryField: " + countryField
                + "\ndefaultCountry: US\nfields:\n"
                + line("email", c[3], "email") + line("firstName", c[1], "first-name") + line("lastName", c[2], "last-name")
                + line("phone", c[4], "phone") + line("companyName", c[5], "company-name")
                + line("companyDomain", c[6], "company-domain") + "    invalid: empty\n"
                + line("linkedinUrl", c[7], "linkedin-url") + line("title", c[8], "job-title")
                + line("country", c[9], "country") + line("createdAt", c[10], "timestamp")
                + line("updatedAt", c[11], "timestamp");
    }

    private static String line(String canonical, String source, String transform) {
        return "  - canonical: " + canonical + "\n    source: " + source + "\n    transform: [" + transform + "]\n";
    }

    private static void write(Path workspace, String file, String text) throws IOException {
        Path path = workspace.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }
}

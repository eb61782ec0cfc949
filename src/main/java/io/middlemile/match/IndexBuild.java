package io.middlemile.match;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.dedupe.ClusterPlan;
import io.middlemile.dedupe.DedupeResult;
import io.middlemile.dedupe.DedupeRules;
import io.middlemile.dedupe.MatchRecords;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.SourceRef;
import io.middlemile.store.MatchIndexStore;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Saves a dedupe run as its rule's match index: every record the run reads is streamed into the store as the run
 * standardizes it ({@link #accept}), with its standardized values, so a restarted engine reads them instead of
 * standardizing a million records again; the run's weights are committed with them, so the previous index is
 * replaced in one transaction or not at all.
 */
public final class IndexBuild implements AutoCloseable, MatchRecords.StandardizedSink {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final IndexedFields fields;
    private final DedupeRules rules;
    private final MatchIndexStore.Rebuild rebuild;
    // a source that lists one id twice is kept once, the first time, as the store keys records by id; per connection
    // and object the ids saved, so a million records cost no "connection/object/id" text each
    private final Map<String, Map<String, Set<String>>> saved = new HashMap<>();
    private final String rule;
    private final CompletableFuture<MatchIndexStore> store;
    private boolean attached;

    public IndexBuild(MatchIndexStore store, String rule, DedupeRules rules) {
        this(CompletableFuture.completedFuture(store), rule, rules);
    }

    /**
     * A build whose store may not be there yet (its engine is starting): the records read meanwhile wait in memory, a
     * few megabytes a second of reading, and go to the store once it is. A store that fails to come fails the build.
     */
    public IndexBuild(CompletableFuture<MatchIndexStore> store, String rule, DedupeRules rules) {
        this.rule = rule;
        this.rules = rules;
        this.fields = new IndexedFields(rules);
        this.store = store;
        this.rebuild = MatchIndexStore.rebuild(rule, rules.entity().id());
        attachIf(store.isDone());
    }

    private void attachIf(boolean ready) {
        if (attached || !ready) {
            return;
        }
        try {
            rebuild.attach(store.join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        attached = true;
    }

    /** The record's line of the index, made where it was standardized (any thread). */
    @Override
    public Object prepare(CanonicalRecord record, String[] standardized) {
        // no map of fields a record: a million of them were a tenth of the run's CPU
        return MatchIndexStore.line(record.source(), fields.fields(), fields.texts(record), standardized);
    }

    /** Saves one record the run read, with its standardized values (on the run's storing thread). */
    @Override
    public void accept(CanonicalRecord record, String[] standardized) {
        accept(record, standardized, prepare(record, standardized));
    }

    @Override
    public void accept(CanonicalRecord record, String[] standardized, Object line) {
        SourceRef ref = record.source();
        Set<String> ids = saved.computeIfAbsent(ref.connection(), connection -> new HashMap<>())
                .computeIfAbsent(ref.object(), object -> new HashSet<>());
        if (ids.add(ref.sourceId())) {
            rebuild.addLine((byte[]) line);
        }
        attachIf(store.isDone());
    }

    /** Makes the saved records the rule's index, scored with the run's weights; returns how many were saved. */
    public long commit(DedupeResult result) {
        attachIf(true);
        try {
            rebuild.commit(comparisons(rules), JSON.writeValueAsString(result.parameters()), duplicates(result),
                    result.records().standardizedLayout());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return rebuild.added();
    }

    /**
     * Per source, the records read and those the run would merge into another record of the same source: in each
     * auto-merge cluster, a source's members but one.
     */
    private Map<String, MatchIndexStore.DuplicateRate> duplicates(DedupeResult result) {
        Map<String, long[]> counts = new java.util.TreeMap<>();
        saved.forEach((connection, objects) -> objects.forEach((object, ids) ->
                counts.put(connection + "/" + object, new long[] {ids.size(), 0})));
        for (ClusterPlan cluster : result.plan().merges()) {
            Set<SourceRef> members = new HashSet<>();
            members.add(cluster.master());
            cluster.duplicates().forEach(pair -> {
                members.add(pair.left());
                members.add(pair.right());
            });
            Map<String, Long> perSource = new HashMap<>();
            members.forEach(ref -> perSource.merge(ref.connection() + "/" + ref.object(), 1L, Long::sum));
            perSource.forEach((source, n) -> counts.computeIfAbsent(source, k -> new long[2])[1] += n - 1);
        }
        Map<String, MatchIndexStore.DuplicateRate> rates = new java.util.TreeMap<>();
        counts.forEach((source, c) -> rates.put(source, new MatchIndexStore.DuplicateRate(rule, c[0], c[1], null)));
        return rates;
    }

    @Override
    public void close() {
        rebuild.close();
    }

    /** The rule's comparisons in a stable spelling, to tell when saved weights stop fitting the rule file. */
    static String comparisons(DedupeRules rules) {
        return String.join(",", rules.comparisons().stream().map(c -> c.field() + "/" + c.method()).toList());
    }
}

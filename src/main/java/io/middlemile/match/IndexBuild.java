package io.middlemile.match;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.dedupe.DedupeResult;
import io.middlemile.dedupe.DedupeRules;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.store.MatchIndexStore;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * Saves a dedupe run as its rule's match index: every record the run reads is streamed into the store as it passes
 * ({@link #tee}), and the run's weights are committed with them, so the previous index is replaced in one
 * transaction or not at all.
 */
public final class IndexBuild implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final IndexedFields fields;
    private final DedupeRules rules;
    private final MatchIndexStore.Rebuild rebuild;
    // a source that lists one id twice is kept once, the first time, as the store keys records by id
    private final Set<String> seen = new HashSet<>();

    public IndexBuild(MatchIndexStore store, String rule, DedupeRules rules) {
        this.rules = rules;
        this.fields = new IndexedFields(rules);
        this.rebuild = store.rebuild(rule, rules.entity().id());
    }

    /** {@code records}, each saved as it is read (on the reading thread). */
    public Iterator<CanonicalRecord> tee(Iterator<CanonicalRecord> records) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public CanonicalRecord next() {
                CanonicalRecord record = records.next();
                if (seen.add(record.source().toString())) {
                    rebuild.add(fields.toStored(record));
                }
                return record;
            }
        };
    }

    /** Makes the saved records the rule's index, scored with the run's weights; returns how many were saved. */
    public long commit(DedupeResult result) {
        try {
            rebuild.commit(comparisons(rules), JSON.writeValueAsString(result.parameters()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return rebuild.added();
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

package io.middlemile.match;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.dedupe.DedupeRules;
import io.middlemile.dedupe.IncrementalMatcher;
import io.middlemile.dedupe.MatchRecords;
import io.middlemile.dedupe.ModelParameters;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.store.MatchIndexStore;
import io.middlemile.sync.RecordFeed;
import io.middlemile.workspace.DedupeConfig;
import io.middlemile.workspace.MappingConfig;
import io.middlemile.workspace.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Every dedupe rule's match index, loaded from the store on its first lookup and kept current from the records sync
 * jobs report. A lookup scores one record against the index without adding it. Lookups of a loaded index take the
 * matcher's lock only; a load or a sync page takes the rule's lock, so a page that arrives during a load waits and is
 * not lost.
 */
public final class MatchIndexes implements RecordFeed {

    private static final Logger LOG = LoggerFactory.getLogger(MatchIndexes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LOAD_CHUNK = 8192;

    private final MatchIndexStore store;
    private final Map<String, Rule> rules = new LinkedHashMap<>();

    /** One rule, its sources and, once loaded, its matcher. */
    private static final class Rule {
        final String name;
        final DedupeRules rules;
        final IndexedFields fields;
        final Set<String> sources; // "connection/object" of each source mapping
        volatile IncrementalMatcher matcher;
        volatile long loadingSince; // System.nanoTime() of a load in progress, 0 when none

        Rule(String name, DedupeRules rules, Set<String> sources) {
            this.name = name;
            this.rules = rules;
            this.fields = new IndexedFields(rules);
            this.sources = sources;
        }
    }

    public MatchIndexes(Workspace workspace, MatchIndexStore store) {
        this.store = store;
        for (Map.Entry<String, DedupeConfig> e : workspace.dedupe().entrySet()) {
            Set<String> sources = new TreeSet<>();
            for (String mapping : e.getValue().sources()) {
                MappingConfig config = workspace.mappings().get(mapping);
                if (config != null) {
                    sources.add(config.connector() + "/" + config.object());
                }
            }
            rules.put(e.getKey(), new Rule(e.getKey(), DedupeRules.from(e.getValue()), sources));
        }
    }

    /** The workspace's dedupe rules, by name. */
    public Set<String> ruleNames() {
        return rules.keySet();
    }

    /** The rules of {@code name}; throws {@link UnknownRuleException} naming the rules that exist. */
    public DedupeRules rules(String name) {
        return rule(name).rules;
    }

    /**
     * Candidates for {@code record} in rule {@code name}'s index (loading it first if needed); the record is not kept.
     *
     * @throws IndexLoadingException while another thread loads the index (a million records take tens of seconds:
     *                               better a quick "try again" than a call that hangs that long)
     */
    public IncrementalMatcher.Match lookup(String name, CanonicalRecord record) {
        Rule rule = rule(name);
        long since = rule.loadingSince;
        if (rule.matcher == null && since != 0) {
            throw new IndexLoadingException("The match index of rule " + name + " is being loaded from the store (for "
                    + (System.nanoTime() - since) / 1_000_000_000L + " s so far; a million records take under a minute);"
                    + " try again in a few seconds.");
        }
        return matcher(rule).lookup(record);
    }

    /** Loads rule {@code name}'s index now, waiting for a load in progress; returns the number of records in it. */
    public int load(String name) {
        return matcher(rule(name)).size();
    }

    private Rule rule(String name) {
        Rule rule = rules.get(name);
        if (rule == null) {
            throw new UnknownRuleException("There is no dedupe rule \"" + name + "\". Rules: " + String.join(", ", rules.keySet())
                    + " (files in dedupe/)");
        }
        return rule;
    }

    private IncrementalMatcher matcher(Rule rule) {
        IncrementalMatcher matcher = rule.matcher;
        if (matcher != null) {
            return matcher;
        }
        synchronized (rule) {
            if (rule.matcher == null) {
                rule.loadingSince = System.nanoTime();
                try {
                    rule.matcher = restore(rule);
                } finally {
                    rule.loadingSince = 0;
                }
            }
            return rule.matcher;
        }
    }

    private IncrementalMatcher restore(Rule rule) {
        MatchIndexStore.IndexHeader header = store.header(rule.name).orElseThrow(() -> new IndexNotBuiltException(
                "The match index of rule " + rule.name + " has not been built yet: run `middlemile dedupe " + rule.name
                        + "` once (it saves the index), then ask again."));
        String now = IndexBuild.comparisons(rule.rules);
        if (!header.comparisons().equals(now)) {
            throw new IndexNotBuiltException("Rule " + rule.name + " compares other fields than when its index was built ("
                    + header.comparisons() + ", now " + now + "): run `middlemile dedupe " + rule.name + "` to rebuild it.");
        }
        ModelParameters parameters;
        try {
            parameters = JSON.readValue(header.parameters(), ModelParameters.class);
        } catch (JsonProcessingException e) {
            throw new IndexNotBuiltException("The saved weights of rule " + rule.name + " cannot be read (" + e.getOriginalMessage()
                    + "): run `middlemile dedupe " + rule.name + "` to rebuild the index.");
        }
        long started = System.nanoTime();
        MatchRecords records = MatchRecords.forRules(rule.rules, 1024);
        records.addAll(streamed(rule));
        IncrementalMatcher matcher;
        try {
            matcher = IncrementalMatcher.restore(rule.rules, records, parameters);
        } catch (IllegalArgumentException e) {
            throw new IndexNotBuiltException("The saved weights of rule " + rule.name + " do not fit its comparisons: run"
                    + " `middlemile dedupe " + rule.name + "` to rebuild the index.");
        }
        LOG.info("Loaded the match index of rule {}: {} records from the store in {} ms (built {})", rule.name,
                matcher.size(), (System.nanoTime() - started) / 1_000_000, header.builtAt());
        return matcher;
    }

    /**
     * The rule's stored records, read by a helper thread a few chunks ahead so the database round trips overlap the
     * matcher's normalization.
     */
    private Iterator<CanonicalRecord> streamed(Rule rule) {
        BlockingQueue<List<CanonicalRecord>> chunks = new ArrayBlockingQueue<>(4);
        List<CanonicalRecord> end = List.of();
        RuntimeException[] failure = new RuntimeException[1];
        Thread reader = new Thread(() -> {
            List<CanonicalRecord> chunk = new ArrayList<>(LOAD_CHUNK);
            try {
                List<CanonicalRecord>[] current = new List[] {chunk};
                store.forEach(rule.name, stored -> {
                    current[0].add(rule.fields.toCanonical(stored));
                    if (current[0].size() == LOAD_CHUNK) {
                        put(chunks, current[0]);
                        current[0] = new ArrayList<>(LOAD_CHUNK);
                    }
                });
                if (!current[0].isEmpty()) {
                    put(chunks, current[0]);
                }
            } catch (RuntimeException e) {
                failure[0] = e;
            } finally {
                put(chunks, end);
            }
        }, "match-index-loader");
        reader.setDaemon(true);
        reader.start();
        return new Iterator<>() {
            private Iterator<CanonicalRecord> chunk = List.<CanonicalRecord>of().iterator();
            private boolean done;

            @Override
            public boolean hasNext() {
                while (!chunk.hasNext() && !done) {
                    List<CanonicalRecord> next = take(chunks);
                    if (next == end) {
                        done = true;
                        if (failure[0] != null) {
                            throw failure[0];
                        }
                    }
                    chunk = next.iterator();
                }
                return chunk.hasNext();
            }

            @Override
            public CanonicalRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return chunk.next();
            }
        };
    }

    private static void put(BlockingQueue<List<CanonicalRecord>> queue, List<CanonicalRecord> chunk) {
        try {
            while (!queue.offer(chunk, 1, TimeUnit.MINUTES)) {
                LOG.warn("The match index loader has waited a minute for the matcher to take records");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the match index", e);
        }
    }

    private static List<CanonicalRecord> take(BlockingQueue<List<CanonicalRecord>> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the match index", e);
        }
    }

    /**
     * A job read or wrote these records: each rule whose sources include their connection and object keeps them, in
     * the store (so a restart has them) and in memory when loaded. A rule without a built index ignores them (there
     * are no weights to score with until its first dedupe run). Trouble here is logged, never fails the job's page.
     */
    @Override
    public void seen(List<CanonicalRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        Map<String, List<CanonicalRecord>> bySource = new LinkedHashMap<>();
        for (CanonicalRecord record : records) {
            bySource.computeIfAbsent(record.source().connection() + "/" + record.source().object(), k -> new ArrayList<>())
                    .add(record);
        }
        for (Rule rule : rules.values()) {
            List<CanonicalRecord> kept = new ArrayList<>();
            bySource.forEach((source, page) -> {
                if (rule.sources.contains(source)) {
                    page.stream().filter(r -> r.entity() == rule.rules.entity()).forEach(kept::add);
                }
            });
            if (!kept.isEmpty()) {
                keep(rule, kept);
            }
        }
    }

    private void keep(Rule rule, List<CanonicalRecord> records) {
        try {
            synchronized (rule) {
                IncrementalMatcher matcher = rule.matcher;
                if (matcher == null && store.header(rule.name).isEmpty()) {
                    return; // one cheap query instead of a batch of upserts that would find no index to join
                }
                store.upsert(rule.name, records.stream().map(rule.fields::toStored).toList());
                if (matcher != null) {
                    records.forEach(matcher::put);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not update the match index of rule {} with {} records ({}); they will be in it after the next"
                    + " `middlemile dedupe {}`", rule.name, records.size(), e.getMessage(), rule.name);
        }
    }
}

package io.middlemile.match;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.dedupe.DedupeRules;
import io.middlemile.dedupe.IncrementalMatcher;
import io.middlemile.dedupe.MatchRecords;
import io.middlemile.dedupe.ModelParameters;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.SourceRef;
import io.middlemile.store.InProgress;
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
import java.util.function.Consumer;

/**
 * Every dedupe rule's match index, loaded from the store on its first lookup and kept current from the records sync
 * jobs report: records seen are added or replaced, records gone (deleted or merged away at their source) taken out. A
 * lookup scores one record against the index without adding it. Lookups of a loaded index take the
 * matcher's lock only; a load or a sync page takes the rule's lock, so a page that arrives during a load waits and is
 * not lost.
 *
 * <p>A new {@code middlemile dedupe} run reaches a serving engine without a restart: at most every
 * {@value #CHECK_SECONDS} s a lookup has the store asked (in the background) whether the rule's saved index is newer
 * than the one in memory; a newer one is loaded beside the old, which keeps answering, and swapped in at once. Sync
 * pages that arrive while it loads are applied to both.
 *
 * <p>Sync jobs in other processes ({@code middlemile job run}) and on other nodes of a cluster write the store only; the
 * same check reads the rows of the rule's index they changed since the last one (by the store's clock, with
 * {@link #LATE_WINDOW} read again for a transaction that commits late) and applies them to the index in memory.
 */
public final class MatchIndexes implements RecordFeed, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MatchIndexes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LOAD_CHUNK = 8192;
    static final int CHECK_SECONDS = 10;
    /**
     * How far behind the newest row read each check reads match_index_record again: a row's updated_at is when its
     * transaction began, so a row a slow upsert (a page waiting on a lock) commits late carries an earlier time than
     * rows read before it. A sync page's upsert is one batch statement (seconds); re-reading costs the rows of a
     * minute, and those already applied are skipped.
     */
    static final java.time.Duration LATE_WINDOW = java.time.Duration.ofSeconds(60);

    private final MatchIndexStore store;
    private final java.time.Duration checkEvery;
    private final Map<String, Rule> rules = new LinkedHashMap<>();
    // set when the engine stops: loads in progress end at their next record, and close() waits for their readers, so
    // none is cut off by the store closing under it (a stack trace of a closed socket for every stop during a load)
    private volatile boolean closing;
    private final InProgress loads = new InProgress();

    /** One rule, its sources and, once loaded, its matcher. */
    private static final class Rule {
        final String name;
        final DedupeRules rules;
        final IndexedFields fields;
        final Set<String> sources; // "connection/object" of each source mapping
        volatile IncrementalMatcher matcher;
        volatile long loadingSince; // System.nanoTime() of a load in progress, 0 when none
        volatile java.time.Instant builtAt; // of the index in memory
        volatile long checkedAt; // System.nanoTime() of the last look for a newer saved index
        /**
         * What sync pages did while a newer index loads in the background (records kept, records taken out), in order,
         * for it; null when none loads.
         */
        List<Consumer<IncrementalMatcher>> pending; // guarded by the rule
        final java.util.concurrent.atomic.AtomicBoolean refreshing = new java.util.concurrent.atomic.AtomicBoolean();
        /** Held for a whole refresh: one at a time (a background check and a caller's), each seeing the other's swap. */
        final Object refreshLock = new Object();
        /**
         * The store's clock up to which rows of match_index_record (any process's) are in the matcher: when the
         * index in memory was read, then the newest row applied since. Set before the matcher is published.
         */
        volatile java.time.Instant syncedTo;
        /** Rows applied within {@link #LATE_WINDOW} of syncedTo, with their updated_at: read again, skipped. Guarded by refreshLock. */
        final Map<SourceRef, java.time.Instant> applied = new java.util.HashMap<>();
        /** Whether the last read of those rows failed (its warning is logged once, and its recovery). Guarded by refreshLock. */
        boolean catchUpFailing;

        Rule(String name, DedupeRules rules, Set<String> sources) {
            this.name = name;
            this.rules = rules;
            this.fields = new IndexedFields(rules);
            this.sources = sources;
        }
    }

    public MatchIndexes(Workspace workspace, MatchIndexStore store) {
        this(workspace, store, java.time.Duration.ofSeconds(CHECK_SECONDS));
    }

    /** With lookups checking the store at most every {@code checkEvery} (tests: without waiting ten seconds). */
    MatchIndexes(Workspace workspace, MatchIndexStore store, java.time.Duration checkEvery) {
        this.store = store;
        this.checkEvery = checkEvery;
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
        IncrementalMatcher matcher = matcher(rule);
        if (!closing && System.nanoTime() - rule.checkedAt > checkEvery.toNanos()
                && rule.refreshing.compareAndSet(false, true)) {
            rule.checkedAt = System.nanoTime();
            try {
                refresher().execute(() -> {
                    try {
                        refresh(rule);
                    } catch (StoppingException e) {
                        LOG.debug(e.getMessage());
                    } catch (RuntimeException e) {
                        LOG.warn("Could not load the newer match index of rule {} ({}); lookups keep using the one loaded at"
                                + " start or last swapped in", rule.name, e.getMessage());
                    } finally {
                        rule.refreshing.set(false);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                rule.refreshing.set(false); // the engine stopped meanwhile (close)
            }
        }
        return matcher.lookup(record);
    }

    private java.util.concurrent.ExecutorService refresher;

    private synchronized java.util.concurrent.ExecutorService refresher() {
        if (refresher == null) {
            refresher = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "match-index-refresh");
                t.setDaemon(true);
                return t;
            });
        }
        return refresher;
    }

    /**
     * Swaps in rule {@code name}'s saved index when a dedupe run saved a newer one than the one in memory; returns
     * whether this call did (false also when a background check swapped it in first; it waits for that one). Lookups
     * keep using the old index while the new one loads. Then applies what sync jobs in other processes or on other
     * nodes changed in the store since the last call ({@link #catchUp}; trouble there is logged, not thrown). Does
     * nothing for an index not loaded yet.
     */
    public boolean refresh(String name) {
        return refresh(rule(name));
    }

    private boolean refresh(Rule rule) {
        synchronized (rule.refreshLock) {
            try {
                return refreshNow(rule);
            } finally {
                // also when no newer index could be loaded (a changed rule file): the one in memory still serves
                catchUp(rule);
            }
        }
    }

    private boolean refreshNow(Rule rule) {
        java.time.Instant loaded = rule.builtAt;
        if (rule.matcher == null || loaded == null) {
            return false;
        }
        // collect what sync jobs report from before the header is read, so no record kept meanwhile can miss the new index
        synchronized (rule) {
            rule.pending = new ArrayList<>();
        }
        try {
            java.time.Instant saved = store.header(rule.name).map(MatchIndexStore.IndexHeader::builtAt).orElse(null);
            if (saved == null || !saved.isAfter(loaded)) {
                return false;
            }
            Restored fresh = restore(rule);
            synchronized (rule) {
                rule.pending.forEach(update -> update.accept(fresh.matcher()));
                // other processes' rows it missed are those after the store's clock when it was read (catchUp)
                rule.syncedTo = fresh.asOf();
                rule.applied.clear();
                rule.matcher = fresh.matcher();
                rule.builtAt = fresh.builtAt();
            }
            LOG.info("Swapped in the match index of rule {} saved at {} (the one in memory was saved at {})", rule.name,
                    fresh.builtAt(), loaded);
            return true;
        } finally {
            synchronized (rule) {
                rule.pending = null;
            }
        }
    }

    /**
     * The engine stops: loads in progress end at their next record with {@link StoppingException}, and this returns once
     * their readers have let go of the store (at most ten seconds), before the store closes.
     */
    @Override
    public void close() {
        closing = true;
        synchronized (this) {
            if (refresher != null) {
                refresher.shutdown(); // a refresh loading ends at its next record
            }
        }
        loads.awaitNone(java.time.Duration.ofSeconds(10));
    }

    /** A load given up because the engine is stopping; nothing is wrong with the index. */
    public static final class StoppingException extends RuntimeException {
        StoppingException(String rule) {
            super("The engine is stopping: the match index of rule " + rule + " was not loaded");
        }
    }

    private void stopIfClosing(Rule rule) {
        if (closing) {
            throw new StoppingException(rule.name);
        }
    }

    /**
     * Applies to the index in memory the rows of match_index_record written or removed since {@link Rule#syncedTo}
     * (less {@link #LATE_WINDOW}): what sync jobs in other processes and on other nodes reported, which reached this
     * process only through the store. This process's own rows come back too and change nothing (a put replaces, a
     * remove is idempotent); one its own sync page rewrote between this read and the apply is set right at the next
     * check, by its newer updated_at. Trouble is logged once for ops, never thrown: lookups go on with the index as it is.
     */
    private void catchUp(Rule rule) {
        java.time.Instant since = rule.syncedTo;
        if (rule.matcher == null || since == null || closing) {
            return;
        }
        java.time.Instant[] newest = {since};
        int[] read = {0};
        List<MatchIndexStore.SyncedRecord> chunk = new ArrayList<>();
        loads.begin(); // close() waits for this read to let go of the store
        try {
            store.forEachSyncedSince(rule.name, since.minus(LATE_WINDOW), row -> {
                stopIfClosing(rule);
                read[0]++;
                if (row.updatedAt().isAfter(newest[0])) {
                    newest[0] = row.updatedAt();
                }
                if (!row.updatedAt().equals(rule.applied.get(row.record().ref()))) {
                    chunk.add(row);
                    if (chunk.size() == LOAD_CHUNK) {
                        apply(rule, chunk);
                        chunk.clear();
                    }
                }
            });
            apply(rule, chunk);
            rule.syncedTo = newest[0];
            java.time.Instant reread = newest[0].minus(LATE_WINDOW);
            rule.applied.values().removeIf(at -> !at.isAfter(reread));
            if (rule.catchUpFailing) {
                rule.catchUpFailing = false;
                LOG.info("Reading what sync jobs in other processes or on other nodes changed in the match index of rule {}"
                        + " works again: {} rows read back, and /api/match/{} answers with them", rule.name, read[0], rule.name);
            }
        } catch (StoppingException e) {
            LOG.debug(e.getMessage());
        } catch (RuntimeException e) {
            if (closing) {
                LOG.debug("The engine is stopping: stopped reading what syncs changed in the match index of rule {} ({})",
                        rule.name, e.getMessage());
            } else if (!rule.catchUpFailing) {
                rule.catchUpFailing = true;
                LOG.warn("Could not read the records sync jobs in other processes or on other nodes added to or took out of"
                        + " the match index of rule {} since {} ({}). Meanwhile /api/match/{} answers from the index as it is:"
                        + " records they added since are missing and records they took out may still be offered. Tried again"
                        + " at a lookup at most every {} s (a line says when it works); check that the state store is"
                        + " reachable.", rule.name, since, e.getMessage(), rule.name, checkEvery.toSeconds());
            } else {
                LOG.debug("Still cannot read what syncs changed in the match index of rule {}: {}", rule.name, e.getMessage());
            }
        } finally {
            loads.end();
        }
    }

    /** Rows of {@link #catchUp} into the matcher, as a load would read them (a removed one taken out). */
    private static void apply(Rule rule, List<MatchIndexStore.SyncedRecord> rows) {
        if (rows.isEmpty()) {
            return;
        }
        synchronized (rule) { // one writer at a time, as with this process's own sync pages (keep, drop)
            IncrementalMatcher matcher = rule.matcher;
            for (MatchIndexStore.SyncedRecord row : rows) {
                if (row.removed()) {
                    matcher.remove(row.record().ref());
                } else {
                    matcher.put(rule.fields.toCanonical(row.record())); // standardized as restore() does a synced row
                }
                rule.applied.put(row.record().ref(), row.updatedAt());
            }
        }
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
                    Restored restored = restore(rule);
                    rule.builtAt = restored.builtAt();
                    rule.syncedTo = restored.asOf();
                    rule.matcher = restored.matcher();
                    rule.checkedAt = System.nanoTime();
                } finally {
                    rule.loadingSince = 0;
                }
            }
            return rule.matcher;
        }
    }

    /**
     * A matcher loaded from the store, when the dedupe run that saved it did, and the store's clock just before its
     * records were read: rows synced earlier are in it, bar one committed late.
     */
    private record Restored(IncrementalMatcher matcher, java.time.Instant builtAt, java.time.Instant asOf) {
    }

    private Restored restore(Rule rule) {
        stopIfClosing(rule);
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
        // values saved standardized in this very layout are taken as they are; the others are standardized again
        boolean standardized = records.standardizedLayout().equals(header.standardizedLayout());
        long[] reused = {0};
        java.time.Instant asOf = store.now();
        Iterator<List<MatchIndexStore.IndexRecord>> chunks = streamed(rule, standardized);
        if (!standardized) {
            records.addAll(canonical(rule, chunks));
        } else {
            while (chunks.hasNext()) {
                List<SourceRef> refs = new ArrayList<>(LOAD_CHUNK);
                List<String[]> values = new ArrayList<>(LOAD_CHUNK);
                for (MatchIndexStore.IndexRecord stored : chunks.next()) {
                    if (stored.standardized() != null) {
                        refs.add(stored.ref());
                        values.add(stored.standardized());
                    } else {
                        records.add(rule.fields.toCanonical(stored)); // a record a sync upserted
                    }
                }
                records.addStandardized(refs, values);
                reused[0] += refs.size();
            }
        }
        IncrementalMatcher matcher;
        try {
            matcher = IncrementalMatcher.restore(rule.rules, records, parameters);
        } catch (IllegalArgumentException e) {
            throw new IndexNotBuiltException("The saved weights of rule " + rule.name + " do not fit its comparisons: run"
                    + " `middlemile dedupe " + rule.name + "` to rebuild the index.");
        }
        LOG.info("Loaded the match index of rule {}: {} records from the store in {} ms ({} of them saved standardized;"
                        + " built {})", rule.name, matcher.size(), (System.nanoTime() - started) / 1_000_000, reused[0],
                header.builtAt());
        return new Restored(matcher, header.builtAt(), asOf);
    }

    private static Iterator<CanonicalRecord> canonical(Rule rule, Iterator<List<MatchIndexStore.IndexRecord>> chunks) {
        return new Iterator<>() {
            private Iterator<MatchIndexStore.IndexRecord> chunk = List.<MatchIndexStore.IndexRecord>of().iterator();

            @Override
            public boolean hasNext() {
                while (!chunk.hasNext() && chunks.hasNext()) {
                    chunk = chunks.next().iterator();
                }
                return chunk.hasNext();
            }

            @Override
            public CanonicalRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return rule.fields.toCanonical(chunk.next());
            }
        };
    }

    /**
     * The rule's stored records in chunks, read by a helper thread a few chunks ahead so the database round trips
     * overlap the matcher's work.
     */
    private Iterator<List<MatchIndexStore.IndexRecord>> streamed(Rule rule, boolean standardized) {
        BlockingQueue<List<MatchIndexStore.IndexRecord>> chunks = new ArrayBlockingQueue<>(4);
        List<MatchIndexStore.IndexRecord> end = List.of();
        RuntimeException[] failure = new RuntimeException[1];
        Thread reader = new Thread(() -> {
            try {
                List<List<MatchIndexStore.IndexRecord>> current = new ArrayList<>(List.of(new ArrayList<>(LOAD_CHUNK)));
                store.forEach(rule.name, standardized, stored -> {
                    stopIfClosing(rule);
                    current.get(0).add(stored);
                    if (current.get(0).size() == LOAD_CHUNK) {
                        put(chunks, current.get(0));
                        current.set(0, new ArrayList<>(LOAD_CHUNK));
                    }
                });
                if (!current.get(0).isEmpty()) {
                    put(chunks, current.get(0));
                }
            } catch (RuntimeException e) {
                failure[0] = e;
            } finally {
                try {
                    put(chunks, end);
                } finally {
                    loads.end();
                }
            }
        }, "match-index-loader");
        reader.setDaemon(true);
        loads.begin();
        reader.start();
        return new Iterator<>() {
            private List<MatchIndexStore.IndexRecord> next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next == null && !done) {
                    List<MatchIndexStore.IndexRecord> chunk = take(chunks, rule);
                    if (chunk == end) {
                        done = true;
                        if (failure[0] != null) {
                            throw failure[0];
                        }
                    } else {
                        next = chunk;
                    }
                }
                return next != null;
            }

            @Override
            public List<MatchIndexStore.IndexRecord> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<MatchIndexStore.IndexRecord> chunk = next;
                next = null;
                return chunk;
            }
        };
    }

    private void put(BlockingQueue<List<MatchIndexStore.IndexRecord>> queue, List<MatchIndexStore.IndexRecord> chunk) {
        try {
            for (int waited = 1; !queue.offer(chunk, 1, TimeUnit.SECONDS); waited++) {
                if (closing) {
                    return; // the matcher that takes chunks stops with the engine (take): nobody takes this one
                }
                if (waited % 60 == 0) {
                    LOG.warn("The match index loader has waited {} s for the matcher to take records", waited);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the match index", e);
        }
    }

    private <T> T take(BlockingQueue<T> queue, Rule rule) {
        try {
            T chunk;
            while ((chunk = queue.poll(1, TimeUnit.SECONDS)) == null) {
                stopIfClosing(rule); // its reader may have given up handing over chunks (put)
            }
            return chunk;
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
                if (rule.pending != null) {
                    // a newer index is loading: it gets them too when swapped in
                    rule.pending.add(fresh -> records.forEach(fresh::put));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not update the match index of rule {} with {} records ({}); they will be in it after the next"
                    + " `middlemile dedupe {}`", rule.name, records.size(), e.getMessage(), rule.name);
        }
    }

    /**
     * A job read these records deleted or merged away at their source: each rule whose sources include their connection
     * and object stops offering them, in the store (so a restart does not bring them back) and in memory when loaded, as
     * {@link #seen} keeps records. Trouble here is logged, never fails the job's page.
     */
    @Override
    public void gone(List<SourceRef> refs) {
        if (refs.isEmpty()) {
            return;
        }
        for (Rule rule : rules.values()) {
            List<SourceRef> taken = refs.stream().filter(ref -> rule.sources.contains(ref.connection() + "/" + ref.object()))
                    .toList();
            if (!taken.isEmpty()) {
                drop(rule, taken);
            }
        }
    }

    private void drop(Rule rule, List<SourceRef> refs) {
        try {
            synchronized (rule) {
                IncrementalMatcher matcher = rule.matcher;
                if (matcher == null && store.header(rule.name).isEmpty()) {
                    return; // no index to take them out of
                }
                store.remove(rule.name, refs);
                if (matcher != null) {
                    refs.forEach(matcher::remove);
                }
                if (rule.pending != null) {
                    rule.pending.add(fresh -> refs.forEach(fresh::remove)); // the loading index may hold them too
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not take {} records deleted or merged away at their source out of the match index of rule {} ({});"
                    + " /api/match/{} may still offer them as candidates until the next `middlemile dedupe {}`, which"
                    + " leaves them out", refs.size(), rule.name, e.getMessage(), rule.name, rule.name);
        }
    }
}

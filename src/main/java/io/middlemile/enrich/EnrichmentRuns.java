package io.middlemile.enrich;

import io.middlemile.connector.Enricher;
import io.middlemile.govern.Governance;
import io.middlemile.govern.GovernedCalls;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.FieldValue;
import io.middlemile.model.Provenance;
import io.middlemile.store.JobRun;
import io.middlemile.workspace.EnrichConfig;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The waterfalls of the workspace and the run of each that a job is in: a job's pages share one
 * {@link WaterfallRun} (its budgets, its tally), created on the first page, which first collects what earlier runs
 * left pending, makes the lookups they held back for review that a person approved since, and deletes cached personal
 * data past its retention. The run summary reads the tally here.
 */
public final class EnrichmentRuns {

    /** How many runs' tallies are kept for their summaries; older ones are dropped. */
    private static final int KEPT = 64;

    private final Map<String, Waterfall> waterfalls;
    private final EnrichStores stores;
    private final Governance governance;
    private final Clock clock;
    private final WaterfallRun.Sleeper sleeper;
    private final Map<String, WaterfallRun> runs = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, WaterfallRun> eldest) {
            return size() > KEPT;
        }
    };

    public EnrichmentRuns(Map<String, EnrichConfig> configs, EnrichStores stores, Governance governance, Clock clock,
                          WaterfallRun.Sleeper sleeper) {
        Map<String, Waterfall> compiled = new LinkedHashMap<>();
        configs.forEach((id, config) -> compiled.put(id, Waterfall.of(config)));
        this.waterfalls = Map.copyOf(compiled);
        this.stores = stores;
        this.governance = governance;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public boolean has(String waterfall) {
        return waterfalls.containsKey(waterfall);
    }

    public java.util.Set<String> names() {
        return waterfalls.keySet();
    }

    /**
     * Whether the waterfalls of job run {@code runId} queued records of the job to be read again (answers that came
     * after the runs that asked, collected by this one) that are still waiting: the run itself may have read and
     * written them already (a source read in full each time). The job reads them again at once ({@code hub-read}).
     */
    public synchronized boolean queuedToReadAgain(long runId, String job) {
        boolean queued = runs.entrySet().stream().filter(e -> e.getKey().startsWith(runId + "/"))
                .anyMatch(e -> e.getValue().queuedToReadAgain(job) > 0);
        // a row the reader could not parse waits for a fix at the source, not for a read
        return queued && stores.readAgain() != null && stores.readAgain().anyReadable(job);
    }

    /**
     * The run of {@code waterfall} within job run {@code run}, created on first use.
     *
     * @param providers the run's enrichment connectors by connection id
     * @param planning  true in a plan: nothing is called or spent
     */
    public synchronized WaterfallRun of(String waterfall, JobRun run, Function<String, Enricher> providers, boolean planning) {
        return runs.computeIfAbsent(run.id() + "/" + waterfall, key -> {
            Waterfall compiled = waterfalls.get(waterfall);
            if (compiled == null) {
                throw new IllegalArgumentException("Unknown waterfall \"" + waterfall + "\"; waterfalls are " + waterfalls.keySet()
                        + " (files in enrich/)");
            }
            WaterfallRun created = new WaterfallRun(compiled, providers, stores, planning ? null : new GovernedCalls(governance, run),
                    run.id(), run.job(), clock, sleeper);
            created.collectEarlier();
            created.lookUpApproved(); // after collectEarlier: what the answers collected found is in the cache for these records too
            created.purgeExpired();
            return created;
        });
    }

    /**
     * A run of {@code waterfall} for a caller outside a job (an agent's {@code enrich_record}), in the caller's own
     * governed run: the same budgets, cache, stop rules and provenance as a job's, its spending through {@code spend}
     * (the caller's actor). Not kept for a job summary, and it collects no earlier run's pending answers: records given
     * to it are not read again when a late answer comes (the answer is cached for the next lookup).
     *
     * @param providers the enrichment connectors by connection id, opened (and closed) by the caller
     */
    public WaterfallRun single(String waterfall, JobRun run, Function<String, Enricher> providers, GovernedCalls spend) {
        Waterfall compiled = waterfalls.get(waterfall);
        if (compiled == null) {
            throw new IllegalArgumentException("There is no waterfall \"" + waterfall + "\"; waterfalls are " + waterfalls.keySet()
                    + " (files in enrich/)");
        }
        return new WaterfallRun(compiled, providers, stores, spend, run.id(), run.job(), clock, sleeper);
    }

    /** The tallies of a job run, by waterfall, for its summary; empty when it enriched nothing. */
    public synchronized Map<String, Tally> tallies(long runId) {
        Map<String, Tally> tallies = new LinkedHashMap<>();
        runs.forEach((key, run) -> {
            if (key.startsWith(runId + "/")) {
                tallies.put(run.waterfall().id(), run.tally());
            }
        });
        return tallies;
    }

    /**
     * The record with what the waterfall found: a field the record lacks is filled (with {@code refresh}, a
     * found value replaces the record's), each with its provenance: provider, time, confidence, verdict and the cost
     * of the lookup that found it.
     */
    public static CanonicalRecord apply(CanonicalRecord record, Enrichment enrichment, boolean refresh) {
        CanonicalRecord result = record;
        for (Map.Entry<String, Enrichment.Value> entry : enrichment.values().entrySet()) {
            FieldValue current = record.fields().get(entry.getKey());
            if (current != null && !current.isEmpty() && !refresh) {
                continue;
            }
            Enrichment.Value value = entry.getValue();
            result = result.with(entry.getKey(), value.found().value(), new Provenance(value.connection(), value.at(),
                    value.found().confidence(), value.found().verification(), value.cost()));
        }
        return result;
    }
}

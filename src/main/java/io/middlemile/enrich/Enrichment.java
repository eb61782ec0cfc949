package io.middlemile.enrich;

import io.middlemile.connector.EnrichResult;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the waterfall found for one record.
 *
 * @param values  the best value found per field, with who found it
 * @param cost    what the record cost this run, in the waterfall's currency
 * @param notes   why groups were not looked up or not answered (skipped, budget, pending), for the run's outcome
 * @param pending true when a provider has not answered yet: its results will be cached and used by the next run
 */
public record Enrichment(Map<String, Value> values, double cost, List<String> notes, boolean pending) {

    /**
     * One value found: the value, the provider connection, when, and what its lookup cost. A value from the cache
     * ({@code cached}) carries the time and cost of the lookup that bought it; this run paid nothing for it.
     */
    public record Value(EnrichResult.Found found, String connection, Instant at, double cost, boolean cached) {
    }

    public Enrichment {
        values = Map.copyOf(values);
        notes = List.copyOf(notes);
    }
}

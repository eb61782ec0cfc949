package io.middlemile.enrich;

import io.middlemile.store.EnrichCacheStore;
import io.middlemile.workspace.EnrichConfig;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a waterfall's result cache knows of records, for the quality report's enrichment coverage: per record, the
 * fields a provider found and when the record was last looked up. The record is found by the identity its lookups
 * are cached under ({@link LookupKey}), so a CRM record and the export row it came from share their answers. Reads
 * only: nothing is asked of a provider.
 */
public final class CacheCoverage {

    /**
     * What the cache holds for one record: the fields any provider was asked for, those one found, and the last
     * lookup (null when never).
     */
    public record Known(Set<String> asked, Set<String> found, Instant lastLookedUp) {
        static final Known NOTHING = new Known(Set.of(), Set.of(), null);
    }

    private final Waterfall waterfall;
    private final EnrichCacheStore cache;

    public CacheCoverage(EnrichConfig config, EnrichCacheStore cache) {
        this.waterfall = Waterfall.of(config);
        this.cache = cache;
    }

    /** The waterfall's fields, in its groups' order. */
    public List<String> fields() {
        Set<String> fields = new LinkedHashSet<>();
        waterfall.groups().forEach(group -> fields.addAll(group.fields()));
        return List.copyOf(fields);
    }

    /** One {@link Known} per record, in order; {@code records} are canonical field values (a page of them). */
    public List<Known> of(List<Map<String, Object>> records) {
        List<String> keys = new ArrayList<>(records.size());
        for (Map<String, Object> values : records) {
            keys.add(LookupKey.of(waterfall.entity(), new Subject("", values).inputs(waterfall.entity())));
        }
        Set<String> distinct = new HashSet<>(keys);
        distinct.remove(null);
        Set<String> connections = new LinkedHashSet<>();
        waterfall.groups().forEach(group -> group.steps().forEach(step -> connections.add(step.connection())));
        Map<String, Set<String>> asked = new HashMap<>();
        Map<String, Set<String>> found = new HashMap<>();
        Map<String, Instant> last = new HashMap<>();
        for (String connection : connections) {
            cache.find(connection, waterfall.entity().id(), distinct, Instant.EPOCH).forEach((key, fields) -> fields.values().forEach(cached -> {
                asked.computeIfAbsent(key, k -> new HashSet<>()).add(cached.field());
                if (cached.found()) {
                    found.computeIfAbsent(key, k -> new HashSet<>()).add(cached.field());
                }
                last.merge(key, cached.lookedUpAt(), (a, b) -> a.isAfter(b) ? a : b);
            }));
        }
        List<Known> known = new ArrayList<>(records.size());
        for (String key : keys) {
            known.add(key == null || !last.containsKey(key) ? Known.NOTHING
                    : new Known(Set.copyOf(asked.get(key)), Set.copyOf(found.getOrDefault(key, Set.of())),
                    Objects.requireNonNull(last.get(key))));
        }
        return known;
    }
}

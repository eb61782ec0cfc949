package io.middlemile.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Enrichment results kept so nobody pays twice (table {@code enrich_cache}): per provider connection, entity,
 * looked-up identity (a standardized identifier, see {@code enrich.LookupKey}) and field, whether the provider
 * found a value and which. Shared by every job and waterfall of the workspace.
 */
@Component
public class EnrichCacheStore {

    /** One remembered answer: a value (found) or its absence (a miss, worth remembering too). */
    public record Cached(String field, boolean found, Map<String, Object> value, Instant lookedUpAt) {
    }

    private final JdbcTemplate jdbc;

    public EnrichCacheStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The answers for these identities younger than {@code notBefore}, by lookup key then field. */
    public Map<String, Map<String, Cached>> find(String connection, String entity, Collection<String> lookupKeys, Instant notBefore) {
        Map<String, Map<String, Cached>> found = new HashMap<>();
        if (lookupKeys.isEmpty()) {
            return found;
        }
        jdbc.query("select lookup_key, field, found, value::text, looked_up_at from enrich_cache where connection = ? and entity = ?"
                        + " and lookup_key = any (?) and looked_up_at >= ?",
                rs -> {
                    found.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), new Cached(rs.getString(2),
                            rs.getBoolean(3), Json.read(rs.getString(4)), rs.getTimestamp(5).toInstant()));
                }, connection, entity, lookupKeys.toArray(String[]::new), Timestamp.from(notBefore));
        return found;
    }

    /** Remembers one answer per field; a newer answer replaces an older one. */
    public void put(String connection, String entity, Map<String, List<Cached>> answersByLookupKey) {
        List<Object[]> rows = new java.util.ArrayList<>();
        answersByLookupKey.forEach((lookupKey, answers) -> answers.forEach(answer -> rows.add(new Object[] {connection, entity,
                lookupKey, answer.field(), answer.found(), Json.write(answer.value()), Timestamp.from(answer.lookedUpAt())})));
        if (!rows.isEmpty()) {
            // one statement for a provider call's answers, not one per field
            jdbc.batchUpdate("insert into enrich_cache (connection, entity, lookup_key, field, found, value, looked_up_at)"
                    + " values (?, ?, ?, ?, ?, ?::jsonb, ?) on conflict (connection, entity, lookup_key, field) do update"
                    + " set found = excluded.found, value = excluded.value, looked_up_at = excluded.looked_up_at", rows);
        }
    }

    /** Deletes answers looked up before {@code before} (the retention limit for personal data); returns how many. */
    public int purgeBefore(Instant before) {
        return jdbc.update("delete from enrich_cache where looked_up_at < ?", Timestamp.from(before));
    }
}

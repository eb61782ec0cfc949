package io.middlemile.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The merge base of two-way sync (table {@code sync_shadow}): per canonical record and side, the hash of
 * each canonical field as of the last time that side agreed with the hub. One row per record and side;
 * a save merges the given fields into the row.
 */
@Component
public class ShadowStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;

    public ShadowStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Field hashes by canonical id for one side; records that side never agreed on are absent. */
    public Map<UUID, Map<String, String>> load(String connection, String object, Collection<UUID> canonicalIds) {
        Map<UUID, Map<String, String>> found = new HashMap<>();
        KeyedQuery.forEach(jdbc, "select canonical_id, fields::text from sync_shadow where connection = ? and object = ?"
                + " and canonical_id = any(?)", connection, object, "uuid", canonicalIds, rs -> {
                    found.put(rs.getObject(1, UUID.class), parse(rs.getString(2)));
                });
        return found;
    }

    /** Merges field hashes into each record's row for one side (one batch statement). */
    public void save(String connection, String object, Map<UUID, Map<String, String>> fields) {
        List<Object[]> rows = new ArrayList<>(fields.size());
        fields.forEach((id, hashes) -> {
            if (!hashes.isEmpty()) {
                rows.add(new Object[] {id, connection, object, write(hashes)});
            }
        });
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("insert into sync_shadow (canonical_id, connection, object, fields) values (?, ?, ?, ?::jsonb)"
                + " on conflict (canonical_id, connection, object) do update set fields = sync_shadow.fields || excluded.fields,"
                + " updated_at = now()", rows);
    }

    private static Map<String, String> parse(String json) {
        try {
            return JSON.readValue(json, FIELDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sync_shadow holds a row that is not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(Map<String, String> hashes) {
        try {
            return JSON.writeValueAsString(hashes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

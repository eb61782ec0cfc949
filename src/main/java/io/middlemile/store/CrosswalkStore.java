package io.middlemile.store;

import io.middlemile.model.SourceRef;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The id crosswalk: which records in which systems are one canonical record. */
@Component
public class CrosswalkStore {
    private final JdbcTemplate jdbc;

    public CrosswalkStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Canonical ids of records of one object, by source id; unknown records are absent. */
    public Map<String, UUID> canonicalIds(String connection, String object, Collection<String> sourceIds) {
        Map<String, UUID> found = new LinkedHashMap<>();
        KeyedQuery.forEach(jdbc, "select source_id, canonical_id from crosswalk where connection = ? and object = ? and source_id = any(?)",
                connection, object, "text", sourceIds, rs -> {
                    found.put(rs.getString(1), rs.getObject(2, UUID.class));
                });
        return found;
    }

    /**
     * The ids the given canonical records have in one object of one connection, by canonical id: the record that is each
     * one's copy there, never one merged into it ({@link #linkMergedAway}), which is gone as itself.
     */
    public Map<UUID, String> memberIds(String connection, String object, Collection<UUID> canonicalIds) {
        Map<UUID, String> found = new LinkedHashMap<>();
        KeyedQuery.forEach(jdbc, "select canonical_id, source_id from crosswalk where connection = ? and object = ? and canonical_id = any(?)"
                        + " and not merged_away",
                connection, object, "uuid", canonicalIds, rs -> {
                    found.put(rs.getObject(1, UUID.class), rs.getString(2));
                });
        return found;
    }

    /** The entity (contact, company, ...) of each canonical record, by canonical id; unknown ids are absent. */
    public Map<UUID, String> entities(Collection<UUID> canonicalIds) {
        Map<UUID, String> found = new LinkedHashMap<>();
        if (canonicalIds.isEmpty()) {
            return found;
        }
        jdbc.query(session -> {
            var statement = session.prepareStatement("select distinct canonical_id, entity from crosswalk where canonical_id = any(?)");
            statement.setArray(1, session.createArrayOf("uuid", canonicalIds.toArray()));
            return statement;
        }, (org.springframework.jdbc.core.RowCallbackHandler) rs -> found.put(rs.getObject(1, UUID.class), rs.getString(2)));
        return found;
    }

    /**
     * Forgets records of one object: a record the hub created and a rollback archived no longer stands for its
     * canonical record, so a sync reading it back archived must not take that for a deletion to carry over.
     */
    public void unlink(String connection, String object, Collection<String> sourceIds) {
        if (sourceIds.isEmpty()) {
            return;
        }
        jdbc.update(session -> {
            var statement = session.prepareStatement("delete from crosswalk where connection = ? and object = ? and source_id = any(?)");
            statement.setString(1, connection);
            statement.setString(2, object);
            statement.setArray(3, session.createArrayOf("text", sourceIds.toArray()));
            return statement;
        });
    }

    /** Links source records to canonical ids as their copies (idempotent; re-linking moves a record). */
    public void linkAll(String entity, Map<SourceRef, UUID> links) {
        link(entity, links, false);
    }

    /**
     * Links records merged into another record to the survivor's canonical id: an id that still points at one resolves to
     * the survivor ({@link #canonicalIds}), and none is taken for the survivor's copy ({@link #memberIds}).
     */
    public void linkMergedAway(String entity, Map<SourceRef, UUID> links) {
        link(entity, links, true);
    }

    private void link(String entity, Map<SourceRef, UUID> links, boolean mergedAway) {
        List<Object[]> rows = new ArrayList<>(links.size());
        links.forEach((ref, id) -> rows.add(new Object[] {id, entity, ref.connection(), ref.object(), ref.sourceId(), mergedAway}));
        jdbc.batchUpdate("insert into crosswalk (canonical_id, entity, connection, object, source_id, merged_away) values (?, ?, ?, ?, ?, ?)"
                + " on conflict (connection, object, source_id) do update set canonical_id = excluded.canonical_id,"
                + " merged_away = excluded.merged_away, updated_at = now()", rows);
    }
}

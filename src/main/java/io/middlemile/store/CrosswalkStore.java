package io.middlemile.store;

import io.middlemile.model.SourceRef;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The id crosswalk: which records in which systems are one canonical record. */
@Component
public class CrosswalkStore {
    private final JdbcTemplate jdbc;

    public CrosswalkStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<UUID> canonicalId(SourceRef ref) {
        return jdbc.queryForList("select canonical_id from crosswalk where connection = ? and object = ? and source_id = ?",
                UUID.class, ref.connection(), ref.object(), ref.sourceId()).stream().findFirst();
    }

    /** Links a source record to a canonical id (idempotent; re-linking moves it). */
    public void link(UUID canonicalId, String entity, SourceRef ref) {
        jdbc.update("insert into crosswalk (canonical_id, entity, connection, object, source_id) values (?, ?, ?, ?, ?)"
                        + " on conflict (connection, object, source_id) do update set canonical_id = excluded.canonical_id,"
                        + " updated_at = now()",
                canonicalId, entity, ref.connection(), ref.object(), ref.sourceId());
    }

    public List<SourceRef> members(UUID canonicalId) {
        return jdbc.query("select connection, object, source_id from crosswalk where canonical_id = ? order by connection",
                (rs, n) -> new SourceRef(rs.getString(1), rs.getString(2), rs.getString(3)), canonicalId);
    }
}

package io.middlemile.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The measurements of data quality (table {@code quality_history}): one row per report of a hygiene file, with
 * the workspace version it ran under and its metrics as flat name → number pairs, e.g.
 * {@code conformance:Phone → 0.5}. Append-only in practice: a trend needs every point.
 */
@Component
public class QualityHistory {

    /** One measurement. */
    public record Entry(long id, String hygiene, String source, Instant measuredAt, String workspaceVersion, Map<String, Object> metrics) {
    }

    private final JdbcTemplate jdbc;

    public QualityHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long save(String hygiene, String source, String workspaceVersion, Map<String, ?> metrics) {
        Long id = jdbc.queryForObject("insert into quality_history (hygiene, source, workspace_version, metrics) values (?, ?, ?, ?::jsonb)"
                + " returning id", Long.class, hygiene, source, workspaceVersion, Json.write(metrics));
        return id == null ? -1 : id;
    }

    /** The measurements of a hygiene file since a moment, oldest first. */
    public List<Entry> since(String hygiene, Instant since) {
        return jdbc.query("select id, hygiene, source, measured_at, workspace_version, metrics::text from quality_history"
                        + " where hygiene = ? and measured_at >= ? order by measured_at, id",
                (rs, n) -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getString(5),
                        Json.read(rs.getString(6))), hygiene, Timestamp.from(since));
    }
}

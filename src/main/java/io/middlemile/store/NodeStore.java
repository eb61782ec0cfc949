package io.middlemile.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The node registry of a cluster: each {@code middlemile run} node's row, its heartbeats and the jobs it holds
 * ({@code cluster_nodes}). Ages are computed by the database's clock, which every node shares.
 */
@Component
public class NodeStore {

    /** Rows of nodes gone longer than this are removed when a node registers. */
    private static final Duration FORGET_AFTER = Duration.ofDays(7);

    private final JdbcTemplate jdbc;

    public NodeStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Registers a starting node (again, if it ran before under the same id) and forgets long-gone ones. */
    public void register(String nodeId, String host, long pid, Instant startedAt, Duration heartbeatEvery) {
        jdbc.update("delete from cluster_nodes where last_heartbeat < now() - make_interval(secs => ?)", (double) FORGET_AFTER.toSeconds());
        jdbc.update("insert into cluster_nodes (node_id, host, pid, started_at, last_heartbeat, heartbeat_secs, jobs, stopped_at)"
                        + " values (?, ?, ?, ?, now(), ?, '{}', null)"
                        + " on conflict (node_id) do update set host = excluded.host, pid = excluded.pid, started_at = excluded.started_at,"
                        + " last_heartbeat = now(), heartbeat_secs = excluded.heartbeat_secs, jobs = '{}', stopped_at = null",
                nodeId, host, pid, Timestamp.from(startedAt), (int) Math.max(1, heartbeatEvery.toSeconds()));
    }

    /** A heartbeat: the node is alive and running these jobs. */
    public void beat(String nodeId, Collection<String> jobs) {
        jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Void>) connection -> {
            Array array = connection.createArrayOf("text", jobs.stream().sorted().toArray());
            try (var update = connection.prepareStatement("update cluster_nodes set last_heartbeat = now(), jobs = ? where node_id = ?")) {
                update.setArray(1, array);
                update.setString(2, nodeId);
                update.executeUpdate();
            }
            return null;
        });
    }

    /** The node stopped cleanly: it holds nothing any more. */
    public void stopped(String nodeId) {
        jdbc.update("update cluster_nodes set stopped_at = now(), jobs = '{}' where node_id = ?", nodeId);
    }

    /** Every node that beat in the last {@code within}, running ones first, then by id. */
    public List<ClusterNode> nodes(Duration within) {
        return jdbc.query("select node_id, host, pid, started_at, extract(epoch from now() - last_heartbeat), heartbeat_secs, jobs,"
                        + " stopped_at from cluster_nodes where last_heartbeat >= now() - make_interval(secs => ?)"
                        + " order by stopped_at is not null, node_id",
                (rs, n) -> new ClusterNode(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getTimestamp(4).toInstant(),
                        Duration.ofMillis(Math.round(rs.getDouble(5) * 1000)), Duration.ofSeconds(rs.getInt(6)),
                        List.of((String[]) rs.getArray(7).getArray()),
                        rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant()),
                (double) within.toSeconds());
    }
}

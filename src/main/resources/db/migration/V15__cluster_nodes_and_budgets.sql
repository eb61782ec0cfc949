-- The engine processes of a cluster (middlemile.cluster.enabled): each `middlemile run` node registers itself
-- and beats every few seconds with the jobs it is running; `middlemile cluster status` reads this table.
create table cluster_nodes (
    node_id        text        primary key,
    host           text        not null,
    pid            bigint      not null,
    started_at     timestamptz not null,
    last_heartbeat timestamptz not null,
    -- how often this node beats: a node three beats late is reported as probably dead
    heartbeat_secs int         not null,
    -- the jobs whose lock this node held at its last heartbeat
    jobs           text[]      not null default '{}',
    -- set when the node stopped cleanly; a node that died keeps null and stops beating
    stopped_at     timestamptz
);

-- Each connection's API budget, shared by every node of a cluster: one Bucket4j token bucket per key
-- (io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager reads and writes state).
create table api_budget_buckets (
    id    text primary key,
    state bytea
);

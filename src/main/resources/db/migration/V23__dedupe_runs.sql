-- Each `middlemile dedupe NAME` run, for the console's dedupe page and GET /api/dedupe/runs: its figures, and one row per
-- cluster to merge and per pair for review, each with its scored and explained pairs (as the run's plan file holds them).
-- The newest runs of each rule are kept (DedupeRunStore.KEEP); an older run goes, and its items with it.
create table dedupe_runs (
    id                bigint generated always as identity primary key,
    rule              text        not null,
    ran_at            timestamptz not null default now(),
    workspace_version text,
    records           bigint      not null,
    clusters          integer     not null,   -- clusters of two or more records in the auto-merge band
    reviews           integer     not null,   -- pairs in the review band
    stats             jsonb       not null
);
create index dedupe_runs_rule_idx on dedupe_runs (rule, ran_at desc);

create table dedupe_run_items (
    run_id   bigint  not null references dedupe_runs (id) on delete cascade,
    kind     text    not null,   -- 'cluster' or 'review'
    position integer not null,   -- order in the plan: clusters as planned, review pairs best first
    item     jsonb   not null,
    primary key (run_id, kind, position)
);

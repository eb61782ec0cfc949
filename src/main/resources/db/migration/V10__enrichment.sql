-- Enrichment: results reused instead of paying twice, asynchronous submissions waited on (so a restart
-- polls them instead of submitting again), and the credits every lookup spent (budgets and reports).

-- One row per provider, looked-up identity and field: a hit keeps the value, a miss is remembered too, so
-- neither is paid for again within the waterfall's TTL. Rows older than the retention limit are deleted.
create table enrich_cache (
    connection   text        not null,
    entity       text        not null,
    lookup_key   text        not null,
    field        text        not null,
    found        boolean     not null,
    value        jsonb,
    looked_up_at timestamptz not null default now(),
    primary key (connection, entity, lookup_key, field)
);
create index enrich_cache_age_idx on enrich_cache (looked_up_at);

-- A submission the vendor accepted (FullEnrich enrichment_id, Crustdata batch_id, Apollo request_id), stored
-- before anything waits on it. 'delivered' holds a webhook's payload until the waterfall reads it.
create table enrich_tickets (
    id           bigint generated always as identity primary key,
    connection   text        not null,
    entity       text        not null,
    ticket       text        not null,
    lookups      jsonb       not null,
    state        text        not null default '',
    poll_at      timestamptz not null,
    delivered    bytea,
    run_id       bigint references job_runs (id),
    job          text,
    waterfall    text        not null,
    status       text        not null default 'pending' check (status in ('pending', 'done', 'failed')),
    detail       text,
    submitted_at timestamptz not null default now(),
    done_at      timestamptz,
    unique (connection, ticket)
);
create index enrich_tickets_pending_idx on enrich_tickets (status, poll_at);

-- Credits spent, one row per lookup a provider answered (0 for a free miss): budgets per run, day and month
-- and the enrich report read it.
create table enrich_spend (
    id         bigint generated always as identity primary key,
    run_id     bigint references job_runs (id),
    job        text,
    waterfall  text        not null,
    grp        text        not null,
    connection text        not null,
    lookup_key text        not null,
    -- the record's segment (person: country/seniority; company: country/size), for order: adaptive
    segment    text        not null default '',
    asked      text        not null,
    found      text        not null,
    credits    numeric     not null,
    cost       numeric     not null,
    spent_at   timestamptz not null default now()
);
create index enrich_spend_run_idx on enrich_spend (run_id);
create index enrich_spend_day_idx on enrich_spend (connection, spent_at);
create index enrich_spend_waterfall_idx on enrich_spend (waterfall, spent_at);

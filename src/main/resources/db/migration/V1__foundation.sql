-- Middlemile state store, first schema: job runs, record outcomes, cursors, checkpoints, id crosswalk.

create table job_runs (
    id                bigint generated always as identity primary key,
    job               text        not null,
    source_connection text        not null,
    source_object     text        not null,
    status            text        not null check (status in ('running', 'succeeded', 'failed', 'paused')),
    started_at        timestamptz not null default now(),
    ended_at          timestamptz,
    read_count        bigint      not null default 0,
    written_count     bigint      not null default 0,
    skipped_count     bigint      not null default 0,
    rejected_count    bigint      not null default 0,
    pages             bigint      not null default 0,
    attempts          int         not null default 1,
    workspace_version text,
    host              text,
    error             text
);
create index job_runs_job_idx on job_runs (job, id desc);

-- One row per record a run settled. raw keeps the input of rejected records so they can be fixed and retried.
create table record_outcomes (
    run_id      bigint      not null references job_runs (id),
    connection  text        not null,
    object      text        not null,
    source_id   text        not null,
    location    text,
    outcome     text        not null check (outcome in ('written', 'skipped', 'rejected')),
    reason      text,
    raw         text,
    recorded_at timestamptz not null default now()
);
-- Written outcomes are the bulk (millions per run) and are only ever counted or scanned by run, so
-- the indexes cover the records someone has to look at: rejected, skipped and flagged ones.
create index record_outcomes_run_idx on record_outcomes (run_id, outcome) where outcome <> 'written' or reason is not null;
create index record_outcomes_source_idx on record_outcomes (connection, object, source_id) where outcome <> 'written';

-- Where the next run of a job starts reading a source (incremental sources only).
create table cursors (
    job        text        not null,
    connection text        not null,
    object     text        not null,
    cursor     text        not null,
    run_id     bigint references job_runs (id),
    updated_at timestamptz not null default now(),
    primary key (job, connection, object)
);

-- Where an unfinished run resumes: the source cursor and each checkpointed sink's state, committed
-- in the same transaction as the page's record outcomes.
create table run_checkpoints (
    run_id      bigint primary key references job_runs (id),
    cursor      text        not null,
    sink_states jsonb       not null default '{}'::jsonb,
    updated_at  timestamptz not null default now()
);

-- Which records in which systems are the same canonical record.
create table crosswalk (
    canonical_id uuid        not null,
    entity       text        not null,
    connection   text        not null,
    object       text        not null,
    source_id    text        not null,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    primary key (connection, object, source_id)
);
create index crosswalk_canonical_idx on crosswalk (canonical_id);

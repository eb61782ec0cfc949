-- The governed write path: the journal (append-only), the review queue and operator controls.

alter table job_runs drop constraint job_runs_status_check;
alter table job_runs add constraint job_runs_status_check
    check (status in ('running', 'succeeded', 'failed', 'paused', 'halted', 'planned'));
-- run: a job run; plan: a job run that only planned; apply/rollback/review: writes made by those commands
alter table job_runs add column kind text not null default 'run'
    check (kind in ('run', 'plan', 'apply', 'rollback', 'review'));

-- One row per record write the hub intended, written before the write is attempted. What happened
-- is in journal_results; an intent without a result is a write interrupted by a crash.
create table journal (
    id                bigint generated always as identity primary key,
    run_id            bigint      not null references job_runs (id),
    job               text        not null,
    connection        text        not null,
    object            text        not null,
    record_key        text        not null,
    action            text        not null check (action in ('create', 'update', 'merge', 'archive', 'send', 'spend')),
    before            jsonb,
    after             jsonb,
    decision          text        not null,
    rule              text,
    workspace_version text,
    recorded_at       timestamptz not null default now()
);
create index journal_run_idx on journal (run_id);
create index journal_record_idx on journal (connection, object, record_key, id);
create index journal_day_idx on journal (connection, action, recorded_at);

create table journal_results (
    entry_id    bigint      not null references journal (id),
    result      text        not null check (result in ('applied', 'failed', 'not-applied')),
    detail      text,
    recorded_at timestamptz not null default now()
);
create index journal_results_entry_idx on journal_results (entry_id);

-- The journal is evidence: nobody updates or deletes it, not even the hub.
create function journal_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the journal is append-only: % on % is not allowed', tg_op, tg_table_name;
end;
$$;
create trigger journal_append_only before update or delete on journal
    for each row execute function journal_is_append_only();
create trigger journal_results_append_only before update or delete on journal_results
    for each row execute function journal_is_append_only();

-- Writes a policy sent to a person. Approved items are executed through the same write path.
create table reviews (
    id             bigint generated always as identity primary key,
    run_id         bigint      not null references job_runs (id),
    job            text        not null,
    connection     text        not null,
    object         text        not null,
    record_key     text        not null,
    action         text        not null,
    before         jsonb,
    after          jsonb       not null,
    rule           text,
    status         text        not null default 'pending'
        check (status in ('pending', 'approved', 'rejected', 'expired', 'conflict')),
    created_at     timestamptz not null default now(),
    expires_at     timestamptz not null,
    decided_at     timestamptz,
    decided_by     text,
    note           text,
    applied_run_id bigint references job_runs (id)
);
create index reviews_status_idx on reviews (status, id);

-- Operator switches, such as the global kill switch that stops every write at once.
create table controls (
    name   text primary key,
    value  text        not null,
    reason text,
    set_by text,
    set_at timestamptz not null default now()
);

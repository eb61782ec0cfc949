-- Failed records waiting to be retried, and HubSpot webhook deliveries.

-- retry: a run of `middlemile job retry-failed NAME`, which reads only the job's pending records
alter table job_runs drop constraint job_runs_kind_check;
alter table job_runs add constraint job_runs_kind_check
    check (kind in ('run', 'plan', 'apply', 'rollback', 'review', 'retry'));

-- One row per record of a job that was rejected and has not been written or skipped since. Updated in
-- the transaction that commits the page settling the record, so the queue always agrees with
-- record_outcomes: a record rejected again stays (attempts + 1), a record written or skipped by any
-- later run of the job (a retry or a regular run) is removed.
create table retry_queue (
    job              text        not null,
    connection       text        not null,
    object           text        not null,
    source_id        text        not null,
    location         text,
    first_failed_run bigint      not null references job_runs (id),
    last_run         bigint      not null references job_runs (id),
    attempts         int         not null default 1,
    last_reason      text,
    raw              text,
    -- true when the source's reader could not parse the input (a malformed CSV row): reading it again
    -- gives the same bytes, so only a fix at the source helps
    unreadable       boolean     not null default false,
    first_failed_at  timestamptz not null default now(),
    last_failed_at   timestamptz not null default now(),
    primary key (job, connection, object, source_id)
);

-- Events of HubSpot webhook deliveries, once per event: HubSpot retries a delivery it did not get a
-- quick 2xx for, with the same eventId.
create table webhook_events (
    connection        text        not null,
    event_id          bigint      not null,
    subscription_type text        not null,
    object_id         text,
    occurred_at       timestamptz,
    received_at       timestamptz not null default now(),
    attempt_number    int         not null default 0,
    primary key (connection, event_id)
);
create index webhook_events_received_idx on webhook_events (connection, received_at);

-- Lookups a provider connection's policy held back for review, kept with the record they were for, so that the job's
-- first run after the approval makes them although its source does not read the record again: an incremental reader
-- (HubSpot, Salesforce) reads only records changed since the last run. One row per job, waterfall, provider and
-- looked-up identity: a lookup parked again (a new review item) replaces the row. A row leaves the table once its
-- lookup was made, its review was rejected or expired, or the waterfall no longer needs it.
create table enrich_held (
    id                bigint generated always as identity primary key,
    job               text        not null,
    waterfall         text        not null,
    connection        text        not null,
    lookup_key        text        not null,
    -- the review item it waits on (reviews.id; no foreign key, as for the journal: review items are never deleted)
    review_id         bigint      not null,
    -- the run that held it back last
    run_id            bigint      not null,
    -- the record as the run read it: its key in the page, canonical values, where the job read it and where in the source
    record_key        text        not null,
    record_values     jsonb       not null,
    source_connection text        not null,
    source_object     text        not null,
    source_id         text        not null,
    location          text,
    held_at           timestamptz not null default now(),
    unique (job, waterfall, connection, lookup_key)
);

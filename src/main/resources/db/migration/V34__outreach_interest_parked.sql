-- An interest update (hub-interest) the policy parked for review, kept with what it sets: the job's next run makes it
-- once approved, though an incremental reader (HubSpot's) may never read the contact again, and closes it when the
-- review was rejected or expired. One waiting update per record of an outreach file (the latest, which its review item
-- describes); a record read again is decided afresh and its waiting update forgotten.
--   status: awaiting (its review is pending or not yet acted on), set (approved, and Instantly took it), refused (approved,
--           and Instantly refused it for good), dropped (rejected or expired in review, or nothing left to set it on)
--   reason: what the run that closed it said, as the run's summary prints it
create table outreach_interest_parked (
    id            bigserial   primary key,
    outreach      text        not null,
    destination   text        not null,
    record_key    text        not null,
    person        text        not null,
    interest      text        not null,
    value         integer,
    review_id     bigint      not null,
    run_id        bigint      not null,
    status        text        not null default 'awaiting' check (status in ('awaiting', 'set', 'refused', 'dropped')),
    reason        text,
    closed_by_run bigint,
    parked_at     timestamptz not null default now(),
    closed_at     timestamptz
);
create unique index outreach_interest_parked_once_idx on outreach_interest_parked (outreach, record_key) where status = 'awaiting';
create index outreach_interest_parked_closed_idx on outreach_interest_parked (closed_by_run) where closed_by_run is not null;

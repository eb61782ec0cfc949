-- The interest status hub-interest last set for a person in an outreach's campaign or list (value null: reset to
-- Instantly's plain "Lead"): a record whose CRM value still maps to it is not sent again on every run.
create table outreach_interest (
    outreach    text        not null,
    person      text        not null,
    destination text        not null,
    connection  text        not null,
    value       integer,
    run_id      bigint      not null references job_runs (id),
    set_at      timestamptz not null,
    primary key (outreach, person, destination)
);

-- A lead a rollback took out of its campaign again (`middlemile rollback RUN --remove-from-campaign`): the send stays in the
-- ledger (it went, and the person may have had an email), marked removed so a second rollback does not ask again.
alter table outreach_sends add column removed_at timestamptz;
alter table outreach_sends add column removed_by_run bigint references job_runs (id);

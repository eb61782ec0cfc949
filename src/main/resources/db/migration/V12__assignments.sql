-- Owner assignment in jobs (hub-assign): every lead the hub gave an owner, so capacities (open leads, leads
-- per day) bind across runs and engine processes, a lead read again keeps its owner instead of taking a new
-- turn of the rotation, and a departed owner's open leads can be found and moved (assign reassign).
create table assignments (
    id                bigint generated always as identity primary key,
    run_id            bigint      not null references job_runs (id),
    job               text        not null,
    rule_set          text        not null,
    source_connection text        not null,
    source_object     text        not null,
    source_id         text        not null,
    owner             text        not null,
    rule              text        not null,
    reason            text        not null,
    -- the day (UTC) the lead was given, for leadsPerDay
    day               date        not null,
    -- false once the lead is moved to someone else; an open lead counts against openLeads
    open              boolean     not null default true,
    assigned_at       timestamptz not null default now()
);
-- one open assignment per lead and rule set: a lead read again finds it
create unique index assignments_open_lead_idx on assignments (rule_set, source_connection, source_object, source_id) where open;
create index assignments_open_owner_idx on assignments (owner) where open;
create index assignments_day_idx on assignments (day, owner);

-- Why the hub wrote a value, beside the policy's decision and rule: for an owner, the assignment rule that
-- chose them and why the earlier rules did not ("rule X fired: ...; earlier rules skipped: ..."). A review
-- item keeps it for the person deciding, and the approved write is journaled with it.
alter table journal add column reason text;
alter table reviews add column reason text;

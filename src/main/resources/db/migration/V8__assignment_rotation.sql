-- Round-robin state of owner assignment, one row per rule set (assign/NAME.yaml): per pool, each owner's
-- current weight in the smooth weighted round robin ({"sdr": {"sam": 2, "sue": -1}}). One row, read with
-- select ... for update, so engine processes sharing this database take turns on a rule set and the
-- rotation continues across restarts instead of starting over at the first owner.
create table assign_rotation (
    rule_set   text        primary key,
    state      jsonb       not null default '{}'::jsonb,
    updated_at timestamptz not null default now()
);

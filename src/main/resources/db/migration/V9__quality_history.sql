-- Each `quality report` is a measurement kept with the workspace version it ran under, so a trend shows
-- when a number moved and which change of the rules or the data moved it.
create table quality_history (
    id                bigint generated always as identity primary key,
    hygiene           text        not null,
    source            text        not null,
    measured_at       timestamptz not null default now(),
    workspace_version text,
    metrics           jsonb       not null
);
create index quality_history_idx on quality_history (hygiene, measured_at);

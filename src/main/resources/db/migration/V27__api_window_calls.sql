-- A cluster's rolling call windows (HubSpot's searches per second, io.middlemile.cluster.SharedWindow): one row per
-- call in a window, from before its send (taken_at) until a window after its answer (answered_at). Rows a window old
-- are deleted as new calls take places; a call whose node died unanswered stops counting after a few minutes.
-- Times are the database's clock, so the nodes' clocks need not agree.
create table api_window_calls (
    id          bigserial primary key,
    window_key  text        not null,
    taken_at    timestamptz not null default clock_timestamp(),
    answered_at timestamptz
);

create index api_window_calls_key on api_window_calls (window_key);

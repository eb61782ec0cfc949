-- The merge base of two-way sync: per canonical record and per side of a sync, a hash of each
-- canonical field's value as of the last time that side and the hub agreed on it. A sync writes
-- only fields whose source value differs from this base, so a change made on the other side to a
-- field the source did not touch is never overwritten by a stale value (no lost updates), and the
-- hub's own writes read back unchanged (echo suppression). Hashes, not values: the journal already
-- holds the values, this table only has to answer "changed since?".
create table sync_shadow (
    canonical_id uuid        not null,
    connection   text        not null,
    object       text        not null,
    fields       jsonb       not null,
    updated_at   timestamptz not null default now(),
    primary key (canonical_id, connection, object)
);

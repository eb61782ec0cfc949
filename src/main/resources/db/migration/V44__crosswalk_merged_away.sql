-- A record merged into another one (at a sync's source, or by the sync in its target) stays in the crosswalk under the
-- survivor's canonical record, so an id that still points at it (a reference, an old link) resolves to the survivor. It
-- is no longer the canonical record's copy in its system: a write must go to the survivor's record, never to it.
alter table crosswalk add column merged_away boolean not null default false;

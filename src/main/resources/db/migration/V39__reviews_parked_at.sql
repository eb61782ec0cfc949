-- When a review item was last parked. A later run that parks the same change takes the waiting item over (its run, job
-- and actor: ReviewStore.park); a rollback of an actor's window withdraws what the actor parked in that window, which
-- for an item taken over is when it took it, not when the item was first created.
alter table reviews add column parked_at timestamptz;
update reviews set parked_at = created_at;
alter table reviews alter column parked_at set default now();
alter table reviews alter column parked_at set not null;

-- Who is approving a pending review item right now: an approval writes the change before it records its decision, and
-- meanwhile another run may park the same change (taking the item over) and a rollback of that run, under that job's
-- review lock, may withdraw it. Held from before the write until the decision (ReviewStore.claim), it keeps the item
-- from being taken over, withdrawn, rejected or expired under the approval's feet; null when nobody is approving it.
alter table reviews add column approving_by text;

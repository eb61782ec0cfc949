-- A rollback withdraws the pending review items of the run it rolls back (or of the actor's window): a write, send or
-- lookup parked by an undone run is no longer wanted, and approving it later would make part of the undone change.
-- The item keeps who withdrew it (decided_by: 'rollback run N') and why (note).
alter table reviews drop constraint reviews_status_check;
alter table reviews add constraint reviews_status_check
    check (status in ('pending', 'approved', 'rejected', 'expired', 'conflict', 'withdrawn'));

-- A queued record that was deleted at its source when it failed (its archive in the target was refused or its call
-- failed): the source no longer has it to read again, so a retry goes by the queue and archives the target's record
-- instead of settling the entry as gone from the source.
alter table retry_queue add column deleted_at_source boolean not null default false;

-- LinkedIn messages after an accepted invitation (outreach/NAME.yaml linkedin.message). A message is a row of the send
-- ledger like an invitation (kind 'message'), written when its invitation is decided, with the text filled from the
-- record then: 'awaiting' until Unipile's new_relation for the person is stored (webhook_events), then sent, deferred
-- (the account's messages per day, its hours) or suppressed ('replied': the person wrote first).
alter table outreach_sends drop constraint outreach_sends_status_check;
alter table outreach_sends add constraint outreach_sends_status_check
    check (status in ('sent', 'skipped', 'rejected', 'deferred', 'suppressed', 'awaiting'));

-- once per outreach, channel, kind and record: the invitation and the message of one record are two rows of one channel
drop index outreach_sends_once_idx;
create unique index outreach_sends_once_idx on outreach_sends (outreach, channel, kind, record_key)
    where status in ('sent', 'deferred', 'awaiting');
create index outreach_sends_awaiting_idx on outreach_sends (outreach) where status = 'awaiting';

-- who a stored event is about, as the ledger keys people (lower-cased LinkedIn identifiers): acceptances and replies
create index webhook_events_person_idx on webhook_events (connection, lower(object_id), subscription_type);

-- Outreach events (an Instantly reply, a LinkedIn acceptance) are kept whole: jobs reading hub-read:CONNECTION/events
-- write them back to the CRM from here, in the order received (seq), after the delivery was answered. Change
-- notifications (HubSpot's) keep no payload: their jobs read the record again from the provider.
alter table webhook_events add column payload text;
alter table webhook_events add column seq bigserial;
create unique index webhook_events_seq_idx on webhook_events (connection, seq);

-- Every send the outreach step made, deferred, skipped, refused or suppressed (rule: the suppression rule that held it
-- back), per record and channel: the daily and weekly
-- usage of each sending account, "contacted within N days", deferred sends waiting for their window (with the send
-- itself, so nothing deferred is lost), and what a rollback lists (a send cannot be undone).
create table outreach_sends (
    id          bigserial   primary key,
    outreach    text        not null,
    job         text        not null,
    run_id      bigint      not null references job_runs (id),
    channel     text        not null check (channel in ('email', 'linkedin')),
    kind        text        not null check (kind in ('enrol', 'invite', 'message')),
    connection  text        not null,
    account     text,
    record_key  text        not null,
    person      text        not null,
    status      text        not null check (status in ('sent', 'skipped', 'rejected', 'deferred', 'suppressed')),
    rule        text,
    reason      text,
    due_at      timestamptz,
    sent_at     timestamptz,
    provider_id text,
    send        jsonb       not null,
    created_at  timestamptz not null default now()
);
-- a record goes out once per outreach and channel: a crashed run's replay finds it sent (or waiting) and does not repeat it
create unique index outreach_sends_once_idx on outreach_sends (outreach, channel, record_key) where status in ('sent', 'deferred');
create index outreach_sends_person_idx on outreach_sends (person, sent_at) where status = 'sent';
-- an account's invitations (sent) and profile look-ups (every call made) of its day and rolling week
create index outreach_sends_account_idx on outreach_sends (connection, account, sent_at) where account is not null;
create index outreach_sends_due_idx on outreach_sends (outreach, due_at) where status = 'deferred';
create index outreach_sends_run_idx on outreach_sends (run_id);

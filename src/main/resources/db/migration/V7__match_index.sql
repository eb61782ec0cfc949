-- The real-time match API's index, per dedupe rule: the canonical fields the rule reads of every record of
-- its sources, so a restarted engine rebuilds the in-memory index from here instead of re-reading the CRMs.
-- `middlemile dedupe NAME` replaces a rule's rows; sync jobs upsert the records they read or write.
create table match_index (
    rule        text        primary key,
    entity      text        not null,
    -- the rule's comparisons when the index was built ("email/email,firstName/first-name,..."): a rule file
    -- that compares other fields needs a new dedupe run before its saved weights mean anything
    comparisons text        not null,
    parameters  jsonb       not null,   -- the run's learned weights: {"m": [[...]], "u": [[...]], "prior": p}
    built_at    timestamptz not null default now()
);

create table match_index_record (
    rule       text        not null references match_index (rule) on delete cascade,
    connection text        not null,
    object     text        not null,
    source_id  text        not null,
    fields     jsonb       not null,   -- canonical field → value, only the fields the rule reads
    updated_at timestamptz not null default now(),
    primary key (rule, connection, object, source_id)
);

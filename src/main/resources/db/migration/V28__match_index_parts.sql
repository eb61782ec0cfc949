-- A dedupe run saves its rule's match index as parts of about a megabyte of text, each a few thousand records with
-- their fields and standardized values (one line each, COPY text escaping; MatchIndexStore.Part), instead of one row
-- per record. Those rows are only ever read back whole, at an engine start, yet a million-contact run cost the
-- database about 24 s of CPU: parsing a jsonb document and a text array per record and keeping the key's index.
-- Records a sync writes afterwards are still rows of match_index_record, keyed as before; when the index is loaded
-- such a row replaces the record's copy in a part.
create table match_index_part (
    rule    text    not null references match_index (rule) on delete cascade,
    part    integer not null,
    records text    not null,
    primary key (rule, part)
);
-- read back whole: compressing every megabyte at each save cost more CPU than the disk it would save
alter table match_index_part alter column records set storage external;

-- a record a sync wrote is standardized when loaded; only parts carry standardized values now
alter table match_index_record drop column standardized;

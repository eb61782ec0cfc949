-- A record the hub creates has no id until the provider answers, so its intent is journaled under a
-- placeholder key (new:<canonical id>). The result row keeps the id the provider gave it, and the
-- journal reads as that id from then on: rollback archives the real record, and the record's later
-- writes (keyed by the real id) are found as its history.
alter table journal_results add column record_id text;
create index journal_results_record_idx on journal_results (record_id) where record_id is not null;

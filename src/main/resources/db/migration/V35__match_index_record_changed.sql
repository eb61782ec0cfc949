-- Every engine that serves the match API now reads, at most every 10 s per rule, the rows of match_index_record that
-- sync jobs of other processes and nodes wrote or removed since it last looked (MatchIndexStore.forEachSyncedSince:
-- rule = ? and updated_at > ?), so its index in memory has them too. Without this index each look scans all the rule's
-- rows (a million for a large CRM); with it, it reads the rows changed. Upserts keep one more index current, as the
-- key's already is.
create index match_index_record_changed_idx on match_index_record (rule, updated_at);

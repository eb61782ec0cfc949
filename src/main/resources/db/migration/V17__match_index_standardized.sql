-- The match index keeps each record's standardized values next to its canonical fields, so an engine start reads
-- them instead of standardizing every record again (tens of seconds for a million). `standardized` on a rule names
-- the layout the values were saved in (format version, matched fields, fields kept as written); a record whose
-- values are missing (a sync upserted it) or saved under another layout is standardized from its fields.
alter table match_index add column standardized text;
alter table match_index_record add column standardized text[];

-- Per source of a dedupe rule's last run ("connection/object"): the records it read and how many of them the run
-- would merge into another record of the same source, {"legacy-crm-export/contacts": {"records": 26, "duplicates": 1}}.
-- The quality report prints it as the object's duplicate rate and keeps it in its trend.
alter table match_index add column duplicates jsonb not null default '{}'::jsonb;

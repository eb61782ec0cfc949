-- A dedupe run's items are only ever read back whole (the console and GET /api/dedupe/runs/{id}/clusters), never
-- queried inside: kept as text, the store no longer parses two hundred thousand cluster documents into jsonb when a
-- million-contact run is saved (that took the database about twenty seconds of CPU). The engine writes valid JSON.
alter table dedupe_run_items alter column item type text using item::text;

-- A dedupe run's items are written only with their run, in its transaction, and dropped with it by the same statement
-- (DedupeRunStore.save). The foreign key made the server look each copied row's run up in dedupe_runs: at a million
-- contacts, 250,000 rows, about a fifth of the store's CPU for the run, at its end, where the command waits for it.
alter table dedupe_run_items drop constraint dedupe_run_items_run_id_fkey;

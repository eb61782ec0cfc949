-- The tables that get a row per record a page settles (the journal, its results, record outcomes, the outreach
-- ledger) no longer check each row's run against job_runs, nor a result's entry against the journal: each check is a
-- query per row, three of them per lead an enrolment page sends, a fifth of the time of the page's statements
-- (OutreachBenchmark, pg_stat_statements). The run ids come from the run the hub itself opened (RunStore.start), the
-- entry ids from the journal's own intents, and neither runs nor entries are ever deleted: the checks could only
-- ever find what cannot happen.
alter table journal drop constraint journal_run_id_fkey;
alter table journal_results drop constraint journal_results_entry_id_fkey;
alter table record_outcomes drop constraint record_outcomes_run_id_fkey;
alter table outreach_sends drop constraint outreach_sends_run_id_fkey;

-- The tables that get a row per record a page settles (the journal and its results, record outcomes, the outreach
-- ledger) no longer check each row's run against job_runs: that check is a query per row, three per lead an enrolment
-- page sends, and a fifth of the database's CPU a page took (OutreachBenchmark). Their run ids come from the run the
-- hub itself opened (RunStore.start) and runs are never deleted, so the check could only ever find what cannot happen.
alter table journal drop constraint journal_run_id_fkey;
alter table journal_results drop constraint journal_results_entry_id_fkey;
alter table record_outcomes drop constraint record_outcomes_run_id_fkey;
alter table outreach_sends drop constraint outreach_sends_run_id_fkey;

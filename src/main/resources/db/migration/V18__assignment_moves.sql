-- assign reassign moves a departed owner's open leads: the run that closed an assignment is kept, so rolling that
-- run back reopens it (the lead is the departed owner's again, as the CRM then says), and rolling back the run that
-- made an assignment closes it (else the next run would find the lead "kept" and write the undone owner again).
alter table assignments add column closed_by_run bigint references job_runs (id);
create index assignments_closed_by_run_idx on assignments (closed_by_run) where closed_by_run is not null;

-- a reassign is a run of its own kind: it reads chosen leads again and neither resumes nor moves the job's cursor
alter table job_runs drop constraint job_runs_kind_check;
alter table job_runs add constraint job_runs_kind_check
    check (kind in ('run', 'plan', 'apply', 'rollback', 'review', 'retry', 'agent', 'reassign'));

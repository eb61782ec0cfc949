-- Every cluster node looks for the runs still marked running after each heartbeat (every 5 s by default): the retry, plan
-- and reassign runs a silent node or a dead command-line process left (SilentNodeRuns). Few runs are running at a time,
-- while job_runs keeps every run's history, so the look reads this small index instead of the whole table.
create index job_runs_running_idx on job_runs (id) where status = 'running';

-- The console's and the API's cluster view show each node's latest run: job_runs by the process that ran it
-- (host is "HOST pid PID", the node's own host and pid), newest first, found without reading every run.
create index job_runs_host_idx on job_runs (host, id desc);

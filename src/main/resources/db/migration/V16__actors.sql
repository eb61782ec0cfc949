-- Who asked for each governed write: a job (job:NAME), a person through the console or the API
-- (person:NAME) or an AI agent through the agent gateway (agent:NAME). Policy rules and caps can match it,
-- and rollback can undo everything one actor did. Rows written before this migration have no actor.
alter table journal add column actor text;
create index journal_actor_idx on journal (actor, recorded_at) where actor is not null;

-- A proposal parked for review keeps its actor, so the queue shows which agent asked, and the approved
-- write is journaled under that agent.
alter table reviews add column actor text;

-- An agent's tool call is a run of its own (kind agent), journaled like an apply or a review.
alter table job_runs drop constraint job_runs_kind_check;
alter table job_runs add constraint job_runs_kind_check
    check (kind in ('run', 'plan', 'apply', 'rollback', 'review', 'retry', 'agent'));

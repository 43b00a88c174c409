-- Job-level concurrency groups (jobs.<id>.concurrency), fleet-wide: one row per job leg that holds
-- its group or waits for it. A group is (repository, group_key); group_key is the name lower-cased
-- (GitHub compares groups ignoring case). At most one row of a group is 'holding' and one 'pending';
-- a pending row a newer leg replaced is 'replaced' until its waiter reads why (cancel_requested).
-- cancel_requested on a holding row asks its host to cancel the leg (cancel-in-progress). A row whose
-- run is no longer running on its host under a live lease is stale and deleted by whoever looks next.
CREATE TABLE job_groups (
  run_id BIGINT NOT NULL,
  leg TEXT NOT NULL,
  repository TEXT NOT NULL,
  group_key TEXT NOT NULL,
  group_name TEXT NOT NULL,
  host TEXT NOT NULL,
  state TEXT NOT NULL,
  entered_at BIGINT NOT NULL,
  cancel_requested TEXT,
  PRIMARY KEY (run_id, leg)
);
CREATE INDEX job_groups_group ON job_groups (repository, group_key, state);
CREATE INDEX job_groups_host ON job_groups (host, state);

-- Deliveries: every accepted webhook, de-duplicated on GitHub's delivery id. The intake queue is
-- the deliveries in state 'accepted'; 'planned' ones have their runs, 'ignored' and 'failed' say why.
CREATE TABLE deliveries (
  id TEXT PRIMARY KEY,
  event TEXT NOT NULL,
  action TEXT,
  repository TEXT,
  payload TEXT NOT NULL,
  state TEXT NOT NULL,
  reason TEXT,
  received_at BIGINT NOT NULL,
  finished_at BIGINT
);
CREATE INDEX deliveries_state ON deliveries (state, received_at);
-- Runs: one per selected workflow of a delivery (never two). The run queue is the runs in state
-- 'queued'; 'running' ones hold a VM; 'finished' ones have a conclusion. attempts counts executions
-- started, so a run that ran twice shows.
CREATE TABLE runs (
  id BIGSERIAL PRIMARY KEY,
  delivery_id TEXT NOT NULL REFERENCES deliveries (id),
  workflow_file TEXT NOT NULL,
  workflow_name TEXT,
  event TEXT NOT NULL,
  repository TEXT,
  sha TEXT,
  checkout TEXT,
  fork BOOLEAN NOT NULL DEFAULT FALSE,
  state TEXT NOT NULL,
  conclusion TEXT,
  reason TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  owner TEXT,
  queued_at BIGINT NOT NULL,
  started_at BIGINT,
  finished_at BIGINT,
  UNIQUE (delivery_id, workflow_file)
);
CREATE INDEX runs_state ON runs (state, id);
CREATE TABLE jobs (
  run_id BIGINT NOT NULL REFERENCES runs (id),
  job_id TEXT NOT NULL,
  name TEXT,
  vm_id TEXT,
  state TEXT NOT NULL,
  conclusion TEXT,
  started_at BIGINT,
  finished_at BIGINT,
  PRIMARY KEY (run_id, job_id)
);
CREATE TABLE steps (
  run_id BIGINT NOT NULL REFERENCES runs (id),
  job_id TEXT NOT NULL,
  step_id TEXT NOT NULL,
  name TEXT,
  state TEXT NOT NULL,
  outcome TEXT,
  conclusion TEXT,
  started_at BIGINT,
  finished_at BIGINT,
  PRIMARY KEY (run_id, job_id, step_id)
);
-- Log chunks: consecutive lines of one step and stream, in order of id; already masked.
CREATE TABLE log_chunks (
  id BIGSERIAL PRIMARY KEY,
  run_id BIGINT NOT NULL REFERENCES runs (id),
  job_id TEXT,
  step_id TEXT,
  stream TEXT NOT NULL,
  first_line INTEGER NOT NULL,
  line_count INTEGER NOT NULL,
  text TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX log_chunks_run ON log_chunks (run_id, id);
-- VM lifecycle: allocated → released, or reaped after the process that held it died.
CREATE TABLE vms (
  vm_id TEXT PRIMARY KEY,
  run_id BIGINT NOT NULL REFERENCES runs (id),
  provider TEXT NOT NULL,
  state TEXT NOT NULL,
  owner TEXT,
  allocated_at BIGINT NOT NULL,
  released_at BIGINT,
  note TEXT
);
CREATE INDEX vms_state ON vms (state);

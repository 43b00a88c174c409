-- GitHub reporting, durable: one row per job leg of a run reported to GitHub (its check run's id once
-- GitHub gave it, whether it was last reported completed) and an outbox of the state changes still to
-- send, in order per leg. The host executing a run writes its rows (fenced on its lease); a host that
-- expires a lease writes the closing rows in the same transaction. Any live host sends what is left.
CREATE TABLE report_legs (
  run_id BIGINT NOT NULL REFERENCES runs (id),
  leg TEXT NOT NULL,
  kind TEXT NOT NULL,
  repository TEXT NOT NULL,
  sha TEXT NOT NULL,
  installation_id BIGINT NOT NULL,
  details_url TEXT,
  name TEXT NOT NULL,
  check_run_id BIGINT,
  completed BOOLEAN NOT NULL DEFAULT FALSE,
  PRIMARY KEY (run_id, leg)
);
CREATE TABLE report_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id BIGINT NOT NULL REFERENCES runs (id),
  leg TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  conclusion TEXT,
  started_at BIGINT,
  completed_at BIGINT,
  title TEXT,
  summary TEXT,
  annotations TEXT,
  created_at BIGINT NOT NULL,
  tries INTEGER NOT NULL DEFAULT 0,
  claim_host TEXT,
  claimed_by TEXT,
  claim_until BIGINT,
  sent_at BIGINT,
  failure TEXT
);
CREATE INDEX report_outbox_unsent ON report_outbox (sent_at, run_id, id);
CREATE INDEX report_outbox_run ON report_outbox (run_id, id);

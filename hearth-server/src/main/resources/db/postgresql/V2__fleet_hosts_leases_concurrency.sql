-- The fleet: every `hearth serve` host sharing this store, its heartbeat and its sessions. A host
-- whose heartbeat is older than its lease has stopped (or lost the database).
CREATE TABLE hosts (
  host_id TEXT PRIMARY KEY,
  started_at BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL,
  lease_millis BIGINT NOT NULL,
  sessions_max INTEGER NOT NULL,
  sessions_active INTEGER NOT NULL DEFAULT 0,
  sessions_peak INTEGER NOT NULL DEFAULT 0,
  pool TEXT,
  stopped_at BIGINT
);
-- A running run is leased by its host (runs.owner) until lease_expires_at; the host renews the lease
-- while the run lives. host_losses counts the times a run was re-queued because its host died.
-- cancel_requested asks the owning host to cancel the run (concurrency groups, the API on another host).
ALTER TABLE runs ADD COLUMN lease_expires_at BIGINT;
ALTER TABLE runs ADD COLUMN host_losses INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN concurrency_group TEXT;
ALTER TABLE runs ADD COLUMN cancel_in_progress BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE runs ADD COLUMN cancel_requested TEXT;
CREATE INDEX runs_lease ON runs (state, lease_expires_at);
CREATE INDEX runs_group ON runs (concurrency_group, state);
CREATE INDEX runs_owner ON runs (owner, state);
-- The host that accepted a delivery plans it (another host adopts it when that host is gone).
ALTER TABLE deliveries ADD COLUMN planner TEXT;
CREATE INDEX vms_owner ON vms (owner, state);

package dev.hearth.server.store;

import java.time.Instant;
import java.util.List;

/** The progress of runs in the store: jobs, steps, log chunks and VM lifecycle records. Thread-safe. */
public final class Progress {
  /** A stored chunk of log lines. */
  public record LogChunk(long runId, String jobId, String stepId, String stream, int firstLine, int lineCount, String text) {}

  /** A stored job leg. */
  public record StoredJob(long runId, String jobId, String name, String vmId, String state, String conclusion) {}

  /** A stored step. */
  public record StoredStep(long runId, String jobId, String stepId, String name, String state, String outcome,
      String conclusion) {}

  private final Database db;
  private final ReportOutbox reports;

  Progress(Database db, ReportOutbox reports) {
    this.db = db;
    this.reports = reports;
  }

  /** The writes of one attempt of a run, each dropped once {@code lease} is no longer held. */
  public LeasedProgress under(RunLease lease) {
    return new LeasedProgress(db, reports, lease);
  }

  /** Records that {@code vmId} was allocated for run {@code runId}, which is running from now on if it was queued. */
  public void vmAllocated(long runId, String vmId, String provider, Instant at) {
    vmAllocatedStartingRun(runId, vmId, provider, null, at);
  }

  /**
   * Records that host {@code owner} allocated {@code vmId} for run {@code runId} (that host reaps it if
   * it dies). The run's state is left alone: the host claimed it (running) already, and a run it lost
   * meanwhile (queued again for another host) must stay as it is.
   */
  public void vmAllocated(long runId, String vmId, String provider, String owner, Instant at) {
    db.transaction("recording vm " + vmId, c -> Sql.update(c, "INSERT INTO vms (vm_id, run_id, provider, state, owner, "
        + "allocated_at) VALUES (?, ?, ?, 'allocated', ?, ?) ON CONFLICT (vm_id) DO NOTHING", vmId, runId, provider, owner, at));
  }

  private void vmAllocatedStartingRun(long runId, String vmId, String provider, String owner, Instant at) {
    db.transaction("recording vm " + vmId, c -> {
      Sql.update(c, "INSERT INTO vms (vm_id, run_id, provider, state, owner, allocated_at) VALUES (?, ?, ?, 'allocated', ?, ?) "
          + "ON CONFLICT (vm_id) DO NOTHING", vmId, runId, provider, owner, at);
      return Sql.update(c, "UPDATE runs SET state = ?, started_at = ?, attempts = attempts + 1 WHERE id = ? AND state = ?",
          StoredRun.RUNNING, at, runId, StoredRun.QUEUED);
    });
  }

  public void vmReleased(String vmId, Instant at) {
    vmEnded(vmId, "released", null, at);
  }

  /** Records that {@code vmId} was reaped after its process died, with what was done. */
  public void vmReaped(String vmId, String note, Instant at) {
    vmEnded(vmId, "reaped", note, at);
  }

  private void vmEnded(String vmId, String state, String note, Instant at) {
    db.transaction("recording vm " + vmId + " " + state, c -> Sql.update(c,
        "UPDATE vms SET state = ?, note = ?, released_at = ? WHERE vm_id = ? AND state = 'allocated'", state, note, at, vmId));
  }

  /** The record of VM {@code vmId}, whatever its state; empty when there is none. */
  public java.util.Optional<VmRecord> vm(String vmId) {
    return db.transaction("reading vm " + vmId, c -> Sql.query(c, "SELECT * FROM vms WHERE vm_id = ?", Progress::vm, vmId))
        .stream().findFirst();
  }

  /** The VMs still recorded as allocated. */
  public List<VmRecord> allocatedVms() {
    return vms("SELECT * FROM vms WHERE state = 'allocated' ORDER BY allocated_at");
  }

  public List<VmRecord> vms() {
    return vms("SELECT * FROM vms ORDER BY allocated_at");
  }

  private List<VmRecord> vms(String sql) {
    return db.transaction("listing vms", c -> Sql.query(c, sql, Progress::vm));
  }

  static VmRecord vm(java.sql.ResultSet r) throws java.sql.SQLException {
    return new VmRecord(r.getString("vm_id"), r.getLong("run_id"), r.getString("provider"), r.getString("state"),
        Sql.instant(r, "allocated_at"), Sql.instant(r, "released_at"), r.getString("note"));
  }

  /** Which host allocated each VM ({@code vm id → host id}; VMs recorded without a host are left out). */
  public java.util.Map<String, String> vmOwners() {
    java.util.Map<String, String> out = new java.util.HashMap<>();
    db.transaction("listing vm owners", c -> Sql.query(c, "SELECT vm_id, owner FROM vms WHERE owner IS NOT NULL",
        r -> out.put(r.getString("vm_id"), r.getString("owner"))));
    return out;
  }

  public void jobStarted(long runId, String jobId, String name, String vmId, Instant at) {
    db.transaction("recording job " + jobId + " of run " + runId, c -> Sql.update(c,
        "INSERT INTO jobs (run_id, job_id, name, vm_id, state, started_at) VALUES (?, ?, ?, ?, 'running', ?) "
            + "ON CONFLICT (run_id, job_id) DO UPDATE SET state = 'running', vm_id = excluded.vm_id, started_at = excluded.started_at",
        runId, jobId, name, vmId, at));
  }

  public void jobFinished(long runId, String jobId, String conclusion, Instant at) {
    db.transaction("finishing job " + jobId + " of run " + runId, c -> Sql.update(c,
        "UPDATE jobs SET state = 'finished', conclusion = ?, finished_at = ? WHERE run_id = ? AND job_id = ?",
        conclusion, at, runId, jobId));
  }

  public void stepStarted(long runId, String jobId, String stepId, String name, Instant at) {
    db.transaction("recording step " + stepId + " of run " + runId, c -> Sql.update(c,
        "INSERT INTO steps (run_id, job_id, step_id, name, state, started_at) VALUES (?, ?, ?, ?, 'running', ?) "
            + "ON CONFLICT (run_id, job_id, step_id) DO UPDATE SET state = 'running', started_at = excluded.started_at",
        runId, jobId, stepId, name, at));
  }

  public void stepFinished(long runId, String jobId, String stepId, String outcome, String conclusion, Instant at) {
    db.transaction("finishing step " + stepId + " of run " + runId, c -> Sql.update(c,
        "INSERT INTO steps (run_id, job_id, step_id, state, outcome, conclusion, finished_at) VALUES (?, ?, ?, 'finished', ?, ?, ?) "
            + "ON CONFLICT (run_id, job_id, step_id) DO UPDATE SET state = 'finished', outcome = excluded.outcome, "
            + "conclusion = excluded.conclusion, finished_at = excluded.finished_at",
        runId, jobId, stepId, outcome, conclusion, at));
  }

  /** Appends chunks of log lines in order. */
  public void appendLogs(List<LogChunk> chunks, Instant at) {
    if (chunks.isEmpty()) return;
    db.transaction("appending logs", c -> {
      for (LogChunk k : chunks) {
        Sql.update(c, "INSERT INTO log_chunks (run_id, job_id, step_id, stream, first_line, line_count, text, at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", k.runId(), k.jobId(), k.stepId(), k.stream(), k.firstLine(), k.lineCount(),
            k.text(), at);
      }
      return null;
    });
  }

  /** The log chunks of a run, in order. */
  public List<LogChunk> logs(long runId) {
    return db.transaction("reading the logs of run " + runId, c -> Sql.query(c,
        "SELECT * FROM log_chunks WHERE run_id = ? ORDER BY id", r -> new LogChunk(r.getLong("run_id"), r.getString("job_id"),
            r.getString("step_id"), r.getString("stream"), r.getInt("first_line"), r.getInt("line_count"), r.getString("text")),
        runId));
  }

  /** At most {@code limit} log chunks of a run from the {@code offset}-th on, in order. */
  public List<LogChunk> logs(long runId, int offset, int limit) {
    return db.transaction("reading the logs of run " + runId, c -> Sql.query(c,
        "SELECT * FROM log_chunks WHERE run_id = ? ORDER BY id LIMIT ? OFFSET ?", r -> new LogChunk(r.getLong("run_id"),
            r.getString("job_id"), r.getString("step_id"), r.getString("stream"), r.getInt("first_line"),
            r.getInt("line_count"), r.getString("text")), runId, limit, offset));
  }

  /** The VMs run {@code runId} used. */
  public List<VmRecord> vmsOf(long runId) {
    return db.transaction("listing the vms of run " + runId, c -> Sql.query(c,
        "SELECT * FROM vms WHERE run_id = ? ORDER BY allocated_at", r -> new VmRecord(r.getString("vm_id"), r.getLong("run_id"),
            r.getString("provider"), r.getString("state"), Sql.instant(r, "allocated_at"), Sql.instant(r, "released_at"),
            r.getString("note")), runId));
  }

  public List<StoredJob> jobs(long runId) {
    return db.transaction("reading the jobs of run " + runId, c -> Sql.query(c,
        "SELECT * FROM jobs WHERE run_id = ? ORDER BY started_at, job_id", r -> new StoredJob(r.getLong("run_id"),
            r.getString("job_id"), r.getString("name"), r.getString("vm_id"), r.getString("state"), r.getString("conclusion")),
        runId));
  }

  public List<StoredStep> steps(long runId) {
    return db.transaction("reading the steps of run " + runId, c -> Sql.query(c,
        "SELECT * FROM steps WHERE run_id = ? ORDER BY started_at, step_id", r -> new StoredStep(r.getLong("run_id"),
            r.getString("job_id"), r.getString("step_id"), r.getString("name"), r.getString("state"), r.getString("outcome"),
            r.getString("conclusion")), runId));
  }
}

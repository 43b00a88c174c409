package dev.hearth.server.store;

import java.time.Instant;
import java.util.List;

/**
 * The progress writes of one attempt of a run, fenced by its {@link RunLease}: each write changes the
 * store only while the lease is held, checked in the same statement (the row is inserted from a
 * primary-key lookup of the run, so a lost lease inserts nothing). Each method says whether it was
 * recorded; {@code false} means the host lost the run and the write was dropped. Thread-safe.
 *
 * <p>VM lifecycle records are not fenced: they are the host's inventory of what it must release or
 * reap, whatever became of the run (see {@link Progress#vmAllocated(long, String, String, String, Instant)}).
 */
public final class LeasedProgress {
  private static final String FROM = " FROM runs r WHERE " + RunLease.HELD;

  private final Database db;
  private final ReportOutbox reports;
  private final RunLease lease;

  LeasedProgress(Database db, ReportOutbox reports, RunLease lease) {
    this.db = db;
    this.reports = reports;
    this.lease = lease;
  }

  public RunLease lease() {
    return lease;
  }

  public boolean jobStarted(String jobId, String name, String vmId, Instant at) {
    return write("recording job " + jobId, "INSERT INTO jobs (run_id, job_id, name, vm_id, state, started_at) "
        + "SELECT r.id, ?, ?, ?, 'running', ?" + FROM + " ON CONFLICT (run_id, job_id) DO UPDATE SET state = 'running', "
        + "vm_id = excluded.vm_id, started_at = excluded.started_at", jobId, name, vmId, at);
  }

  public boolean jobFinished(String jobId, String conclusion, Instant at) {
    return write("finishing job " + jobId, "INSERT INTO jobs (run_id, job_id, state, conclusion, finished_at) "
        + "SELECT r.id, ?, 'finished', ?, ?" + FROM + " ON CONFLICT (run_id, job_id) DO UPDATE SET state = 'finished', "
        + "conclusion = excluded.conclusion, finished_at = excluded.finished_at", jobId, conclusion, at);
  }

  public boolean stepStarted(String jobId, String stepId, String name, Instant at) {
    return write("recording step " + stepId, "INSERT INTO steps (run_id, job_id, step_id, name, state, started_at) "
        + "SELECT r.id, ?, ?, ?, 'running', ?" + FROM + " ON CONFLICT (run_id, job_id, step_id) DO UPDATE SET "
        + "state = 'running', started_at = excluded.started_at", jobId, stepId, name, at);
  }

  public boolean stepFinished(String jobId, String stepId, String outcome, String conclusion, Instant at) {
    return write("finishing step " + stepId, "INSERT INTO steps (run_id, job_id, step_id, state, outcome, conclusion, "
        + "finished_at) SELECT r.id, ?, ?, 'finished', ?, ?, ?" + FROM + " ON CONFLICT (run_id, job_id, step_id) DO UPDATE "
        + "SET state = 'finished', outcome = excluded.outcome, conclusion = excluded.conclusion, "
        + "finished_at = excluded.finished_at", jobId, stepId, outcome, conclusion, at);
  }

  /** Appends chunks of log lines in order, all or none (none when the lease is lost). */
  public boolean appendLogs(List<Progress.LogChunk> chunks, Instant at) {
    if (chunks.isEmpty()) return true;
    return db.transaction("appending logs of " + lease, c -> {
      for (Progress.LogChunk k : chunks) {
        int n = Sql.update(c, "INSERT INTO log_chunks (run_id, job_id, step_id, stream, first_line, line_count, text, at) "
            + "SELECT r.id, ?, ?, ?, ?, ?, ?, ?" + FROM, with(lease, k.jobId(), k.stepId(), k.stream(), k.firstLine(),
            k.lineCount(), k.text(), at));
        if (n == 0) return false;
      }
      return true;
    });
  }

  /**
   * Finishes the run with {@code conclusion} (and {@code reason}, when not null) while the lease is held;
   * the run's last GitHub report changes are written in the same transaction.
   */
  public boolean finishRun(String conclusion, String reason, Instant at) {
    return db.transaction("finishing " + lease, c -> {
      boolean finished = Sql.update(c, "UPDATE runs SET state = 'finished', conclusion = ?, "
          + "reason = COALESCE(?, reason), finished_at = ?, lease_expires_at = NULL WHERE id = ? AND owner = ? AND attempts = ? "
          + "AND state = 'running'", conclusion, reason, at, lease.runId(), lease.owner(), lease.attempt()) == 1;
      if (finished) reports.finished(c, lease.runId(), conclusion, at);
      return finished;
    });
  }

  private boolean write(String what, String sql, Object... params) {
    return db.transaction(what + " of " + lease, c -> Sql.update(c, sql, with(lease, params)) == 1);
  }

  private static Object[] with(RunLease lease, Object... params) {
    Object[] held = lease.params();
    Object[] all = java.util.Arrays.copyOf(params, params.length + held.length);
    System.arraycopy(held, 0, all, params.length, held.length);
    return all;
  }
}

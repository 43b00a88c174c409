package dev.hearth.server.store;

import java.util.Objects;

/**
 * The right to write one attempt of a run: host {@code owner} claimed run {@code runId} as its
 * {@code attempt}-th execution. A write made under a lease changes the run's record only while the
 * run is still running, owned by that host, in that attempt (checked in the same statement), so a host
 * that lost the run (its lease lapsed, another host took it over, or it was queued again and claimed
 * anew) cannot change what the run's current owner records.
 */
public record RunLease(long runId, String owner, int attempt) {
  public RunLease {
    Objects.requireNonNull(owner, "owner");
  }

  /** The lease {@code owner} holds on {@code run} as just claimed. */
  public static RunLease of(StoredRun run, String owner) {
    return new RunLease(run.id(), owner, run.attempts());
  }

  /** The condition on {@code runs r} that holds while this lease does; binds {@link #params}. */
  static final String HELD = "r.id = ? AND r.owner = ? AND r.attempts = ? AND r.state = 'running'";

  Object[] params() {
    return new Object[] {runId, owner, attempt};
  }

  @Override
  public String toString() {
    return "run=" + runId + " host=" + owner + " attempt=" + attempt;
  }
}

package dev.hearth.server.queue;

/**
 * Set once this host stops a run because it lost, or cannot keep, the run's lease: from then on the
 * run's progress stays out of the store (without asking the database, which may be unreachable).
 * Thread-safe.
 */
final class RunFence {
  private volatile String reason;

  void fence(String why) {
    if (reason == null) reason = why;
  }

  boolean fenced() {
    return reason != null;
  }

  /** Why the run was fenced; null while it is not. */
  String reason() {
    return reason;
  }
}

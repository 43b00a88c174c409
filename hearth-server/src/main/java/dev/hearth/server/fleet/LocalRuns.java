package dev.hearth.server.fleet;

import java.util.Set;

/** What the heartbeat needs of this host's executing runs. Implemented by the queue. */
public interface LocalRuns {
  /** The runs this process has claimed and not finished. */
  Set<Long> inFlight();

  /** Cancels run {@code runId} executing here (cleanup runs, its VM is released); a no-op when it is not here. */
  void cancelHere(long runId, String why);

  /**
   * Stops run {@code runId} executing here because this host no longer holds (or cannot keep) its
   * lease: as {@link #cancelHere}, and its progress is no longer written to the store (the run's record
   * is the business of whichever host holds it now). A no-op when it is not here.
   */
  void fenceHere(long runId, String why);

  /** The store answered this host's heartbeat: write what it could not take while it did not (VM releases). */
  default void storeAnswers() {}

  /** Sessions (VMs) open in this process now. */
  int openSessions();

  /** Called when runs were queued again (a dead host's), so this host looks for work. */
  void queueChanged();
}

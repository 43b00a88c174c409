package dev.hearth.server.store;

/**
 * A run to queue for a delivery: the selected workflow's file (relative to the repository) and name,
 * and its workflow-level {@code concurrency:} group (evaluated; null for none) with whether a new run
 * of the group cancels the one in progress.
 */
public record PlannedRun(String workflowFile, String workflowName, String concurrencyGroup, boolean cancelInProgress) {

  /** A run in no concurrency group. */
  public PlannedRun(String workflowFile, String workflowName) {
    this(workflowFile, workflowName, null, false);
  }
}

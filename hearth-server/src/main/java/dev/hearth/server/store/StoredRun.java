package dev.hearth.server.store;

import java.time.Instant;

/**
 * A workflow run as stored: one per selected workflow of a delivery.
 *
 * @param id the run's id, also its {@code GITHUB_RUN_ID}
 * @param workflowFile the workflow's path in the repository ({@code .github/workflows/ci.yml})
 * @param checkout the directory holding the commit's files on this host
 * @param fork whether it comes from a pull request of a fork (no secrets)
 * @param state {@code queued}, {@code running} or {@code finished}
 * @param conclusion {@code success}, {@code failure}, {@code cancelled} once finished
 * @param reason why it failed when the engine did not say (e.g. {@code runner restarted})
 * @param attempts how many times its execution started (1 for a run that ran once)
 */
public record StoredRun(long id, String deliveryId, String workflowFile, String workflowName, String event,
    String repository, String sha, String checkout, boolean fork, String state, String conclusion, String reason,
    int attempts, Instant queuedAt, Instant startedAt, Instant finishedAt) {

  public static final String QUEUED = "queued";
  public static final String RUNNING = "running";
  public static final String FINISHED = "finished";
}

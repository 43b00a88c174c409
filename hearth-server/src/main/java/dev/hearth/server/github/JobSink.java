package dev.hearth.server.github;

import dev.hearth.engine.Conclusion;
import java.time.Duration;
import java.time.Instant;

/**
 * Where a run's job reports go: check runs or commit statuses. Called only on the run's {@link
 * ReportQueue} thread, in event order, so implementations keep their state without locks.
 * {@code key} identifies the job leg within the run; {@code name} is how it is shown
 * ({@code workflow / job (matrix values)}).
 */
interface JobSink {
  void queued(String key, String name, Instant at) throws GitHubApiException, InterruptedException;

  void started(String key, String name, Instant at) throws GitHubApiException, InterruptedException;

  void finished(String key, String name, Conclusion result, Duration took, JobNotes.Snapshot notes, Instant at)
      throws GitHubApiException, InterruptedException;
}

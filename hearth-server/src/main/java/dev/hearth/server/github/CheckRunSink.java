package dev.hearth.server.github;

import dev.hearth.engine.Conclusion;
import dev.hearth.server.github.CheckRunFields.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One check run per job leg: created {@code queued}, then {@code in_progress} when the job starts,
 * then {@code completed} with its conclusion, summary and annotations. When creating failed (GitHub
 * was down beyond the retries), the next report creates the check run with everything known then.
 */
final class CheckRunSink implements JobSink {
  private final CheckRuns checkRuns;
  private final ReportTarget target;
  private final String runId;
  private final Map<String, Long> ids = new HashMap<>();
  private final Map<String, String> names = new HashMap<>();

  CheckRunSink(CheckRuns checkRuns, ReportTarget target, String runId) {
    this.checkRuns = checkRuns;
    this.target = target;
    this.runId = runId;
  }

  @Override
  public void queued(String key, String name, Instant at) throws GitHubApiException, InterruptedException {
    send(key, name, new CheckRunFields(null, null, Status.QUEUED, null, null, null, null, null, null));
  }

  @Override
  public void started(String key, String name, Instant at) throws GitHubApiException, InterruptedException {
    send(key, name, new CheckRunFields(null, null, Status.IN_PROGRESS, null, at, null, null, null, null));
  }

  @Override
  public void finished(String key, String name, Conclusion result, Duration took, JobNotes.Snapshot notes, Instant at)
      throws GitHubApiException, InterruptedException {
    CheckRunOutput output = JobReportText.output(name, result, took, notes);
    send(key, name, new CheckRunFields(null, null, Status.COMPLETED, conclusion(result), null, at, null, null, output));
  }

  /** GitHub's conclusion for the engine's. */
  static CheckRunFields.Conclusion conclusion(Conclusion result) {
    return switch (result) {
      case SUCCESS -> CheckRunFields.Conclusion.SUCCESS;
      case FAILURE -> CheckRunFields.Conclusion.FAILURE;
      case CANCELLED -> CheckRunFields.Conclusion.CANCELLED;
      case SKIPPED -> CheckRunFields.Conclusion.SKIPPED;
    };
  }

  private void send(String key, String name, CheckRunFields change) throws GitHubApiException, InterruptedException {
    Long id = ids.get(key);
    if (id == null) {
      CheckRunFields create = new CheckRunFields(name, target.sha(), change.status(), change.conclusion(),
          change.startedAt(), change.completedAt(), target.detailsUrl(), runId + "/" + key, change.output());
      ids.put(key, checkRuns.create(target.repo(), target.installationId(), create));
      names.put(key, name);
      return;
    }
    String rename = name.equals(names.get(key)) ? null : name;
    names.put(key, name);
    checkRuns.update(target.repo(), target.installationId(), id,
        new CheckRunFields(rename, null, change.status(), change.conclusion(), change.startedAt(), change.completedAt(),
            null, null, change.output()));
  }
}

package dev.hearth.server.github;

import dev.hearth.engine.Conclusion;
import java.time.Duration;
import java.time.Instant;

/**
 * One commit status per job leg, context {@code hearth / workflow / job}: {@code pending} while
 * queued and running, then {@code success} (also for a skipped job), {@code failure}, or {@code
 * error} for a cancelled one.
 */
final class StatusSink implements JobSink {
  static final String CONTEXT_PREFIX = "hearth / ";

  private final CommitStatuses statuses;
  private final ReportTarget target;

  StatusSink(CommitStatuses statuses, ReportTarget target) {
    this.statuses = statuses;
    this.target = target;
  }

  @Override
  public void queued(String key, String name, Instant at) throws GitHubApiException, InterruptedException {
    send(name, CommitStatus.State.PENDING, "Queued");
  }

  @Override
  public void started(String key, String name, Instant at) throws GitHubApiException, InterruptedException {
    send(name, CommitStatus.State.PENDING, "Running");
  }

  @Override
  public void finished(String key, String name, Conclusion result, Duration took, JobNotes.Snapshot notes, Instant at)
      throws GitHubApiException, InterruptedException {
    CommitStatus.State state = switch (result) {
      case SUCCESS, SKIPPED -> CommitStatus.State.SUCCESS;
      case FAILURE -> CommitStatus.State.FAILURE;
      case CANCELLED -> CommitStatus.State.ERROR;
    };
    send(name, state, JobReportText.title(result, took, notes));
  }

  private void send(String name, CommitStatus.State state, String description)
      throws GitHubApiException, InterruptedException {
    statuses.create(target.repo(), target.installationId(), target.sha(),
        new CommitStatus(state, CONTEXT_PREFIX + name, description, target.detailsUrl()));
  }
}

package dev.hearth.server.github;

import dev.hearth.workflow.plan.RunPlan;
import java.util.Objects;

/**
 * Reports runs to GitHub: {@link #forRun} gives the listener for one run. Check runs need a GitHub
 * App installation token ({@link AppAuth}); commit statuses work with any token that may write
 * statuses. Thread-safe; one reporter serves every run.
 */
public final class GitHubReporter {
  /** What Hearth reports each job as. */
  public enum Mode {
    CHECK_RUNS, COMMIT_STATUSES
  }

  private final Mode mode;
  private final CheckRuns checkRuns;
  private final CommitStatuses statuses;

  public GitHubReporter(Mode mode, GitHubClient client, GitHubAuth auth) {
    this.mode = Objects.requireNonNull(mode, "mode");
    this.checkRuns = new CheckRuns(client, auth);
    this.statuses = new CommitStatuses(client, auth);
  }

  public Mode mode() {
    return mode;
  }

  /**
   * The listener that reports run {@code runId} (its plan is {@code plan}) to {@code target}. Pass it
   * in the run's {@code RunRequest} (with the other listeners through {@code RunListener.all}).
   */
  public RunReport forRun(String runId, RunPlan plan, ReportTarget target) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(target, "target");
    JobSink sink = mode == Mode.CHECK_RUNS ? new CheckRunSink(checkRuns, target, runId) : new StatusSink(statuses, target);
    return new RunReport(runId, plan, sink);
  }
}

package dev.hearth.server.github;

import dev.hearth.workflow.plan.RunPlan;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
  /** The reports whose calls may not all have gone out yet; a report leaves once they have. */
  private final Set<RunReport> open = ConcurrentHashMap.newKeySet();

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
    RunReport report = new RunReport(runId, plan, sink);
    open.removeIf(RunReport::reported);
    open.add(report);
    return report;
  }

  /**
   * Waits, at most {@code timeout} in all, until the calls of every report that has been closed went
   * out (for shutdown, once no run is executing any more). Returns the ids of the runs whose reports
   * still wait (their calls are then dropped), empty when everything went out.
   */
  public List<String> awaitReported(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (RunReport report : List.copyOf(open)) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      if (report.awaitReported(left)) open.remove(report);
    }
    return open.stream().map(RunReport::runId).sorted().toList();
  }
}

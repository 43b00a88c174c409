package dev.hearth.server.github;

import dev.hearth.server.store.ReportDestination;
import dev.hearth.workflow.plan.RunPlan;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports runs to GitHub through the store's outbox: {@link #forRun} gives the listener for one
 * attempt of a run, whose changes the {@link ReportSender} sends. Check runs need a GitHub App
 * installation token ({@link AppAuth}); commit statuses work with any token that may write statuses.
 * Thread-safe; one reporter serves every run of this host.
 */
public final class GitHubReporter implements AutoCloseable {
  /** What Hearth reports each job as. */
  public enum Mode {
    CHECK_RUNS, COMMIT_STATUSES
  }

  private final Mode mode;
  private final ReportSender sender;
  /** The reports whose calls may not all have gone out yet; a report leaves once they have. */
  private final Set<RunReport> open = ConcurrentHashMap.newKeySet();

  public GitHubReporter(Mode mode, ReportSender sender) {
    this.mode = Objects.requireNonNull(mode, "mode");
    this.sender = Objects.requireNonNull(sender, "sender");
  }

  public Mode mode() {
    return mode;
  }

  public ReportSender sender() {
    return sender;
  }

  /**
   * The listener that reports attempt {@code attempt} of run {@code runId} (its plan is {@code plan})
   * to {@code target}, for this host, which must hold the run's lease: what it reports is fenced on it.
   * Pass it in the run's {@code RunRequest} (with the other listeners through {@code RunListener.all}).
   */
  public RunReport forRun(long runId, int attempt, RunPlan plan, ReportTarget target) {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(target, "target");
    ReportDestination destination = new ReportDestination(
        mode == Mode.CHECK_RUNS ? ReportDestination.CHECK_RUN : ReportDestination.STATUS, target.repo().toString(),
        target.sha(), target.installationId(), target.detailsUrl());
    RunReport report = new RunReport(runId, attempt, plan, destination, sender);
    open.removeIf(RunReport::reported);
    open.add(report);
    return report;
  }

  /**
   * Waits, at most {@code timeout} in all, until the calls of every report that has been closed went
   * out (for shutdown, once no run is executing any more). Returns the ids of the runs whose reports
   * still wait (they stay in the store's outbox), empty when everything went out.
   */
  public List<String> awaitReported(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (RunReport report : List.copyOf(open)) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      if (report.awaitReported(left)) open.remove(report);
    }
    return open.stream().map(RunReport::runId).sorted().toList();
  }

  /** Stops sending (calls in progress are interrupted) and gives up this host's claims: what is unsent stays in the store. */
  @Override
  public void close() {
    open.forEach(RunReport::stop);
    for (RunReport report : List.copyOf(open)) {
      try {
        report.awaitReported(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    sender.close();
  }
}

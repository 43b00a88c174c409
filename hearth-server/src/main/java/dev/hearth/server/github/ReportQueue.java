package dev.hearth.server.github;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls to GitHub for one run, made one after another on a virtual thread of their own, so the
 * executor's threads never wait for GitHub and each check run's updates arrive in order. A call
 * that fails is logged with the run and job it was for, and the next one goes ahead.
 */
final class ReportQueue {
  private static final Logger log = LoggerFactory.getLogger(ReportQueue.class);

  /** One call to GitHub. */
  @FunctionalInterface
  interface Call {
    void run() throws GitHubApiException, InterruptedException;
  }

  private final String runId;
  private final ExecutorService thread;

  ReportQueue(String runId) {
    this.runId = runId;
    this.thread = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("github-report-" + runId).factory());
  }

  /** Queues {@code call}; {@code what} names it for the log ({@code creating the check run}). */
  void submit(String jobId, String what, Call call) {
    try {
      thread.execute(() -> {
        try {
          call.run();
        } catch (GitHubApiException e) {
          log.warn("run={} job={}: {} failed: {}", runId, jobId, what, e.getMessage());
        } catch (InterruptedException e) {
          log.warn("run={} job={}: {} was interrupted", runId, jobId, what);
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          log.warn("run={} job={}: {} failed: {}", runId, jobId, what, e.toString());
        }
      });
    } catch (RejectedExecutionException e) {
      log.warn("run={} job={}: {} dropped: the run's report is already closed", runId, jobId, what);
    }
  }

  /** No more calls: those queued still go out. */
  void close() {
    thread.shutdown();
  }

  /** Stops now: the call going out is interrupted, those queued are not made. */
  void stopNow() {
    thread.shutdownNow();
  }

  /** Whether it was closed and every queued call is done. */
  boolean isDone() {
    return thread.isTerminated();
  }

  /** Waits until every queued call is done (after {@link #close}); false when {@code timeout} passed first. */
  boolean await(Duration timeout) throws InterruptedException {
    return thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}

package dev.hearth.engine;

import dev.hearth.workflow.plan.JobLeg;
import dev.hearth.workflow.plan.PlannedJob;
import dev.hearth.workflow.plan.StrategyContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One admitted job's legs while they run: how many are running (for {@code max-parallel}), the
 * cancellations of the running ones (for fail-fast), and the results so far. Used by the scheduler's
 * thread only.
 */
final class JobProgress {
  final PlannedJob job;
  final boolean admittedAfterCancel;
  private final int legs;
  private final int maxParallel;
  private final boolean failFast;
  private final Map<String, Cancellation> running = new LinkedHashMap<>();
  private final Map<String, String> outputs = new LinkedHashMap<>();
  private int done;
  private boolean failed;
  private boolean cancelled;
  private String failFastReason;

  /** {@code expanded} is not empty; {@code admittedAfterCancel}: its {@code if} held although the run was cancelled. */
  JobProgress(PlannedJob job, List<JobLeg> expanded, boolean admittedAfterCancel) {
    this.job = job;
    this.legs = expanded.size();
    this.admittedAfterCancel = admittedAfterCancel;
    StrategyContext strategy = expanded.get(0).strategy();
    this.maxParallel = strategy.maxParallel();
    this.failFast = strategy.failFast() && legs > 1;
  }

  boolean failFast() {
    return failFast;
  }

  boolean mayStartAnother() {
    return running.size() < maxParallel;
  }

  /** Why a queued leg must not start, or null when it may. */
  String reasonNotToStart(boolean runCancelled) {
    if (failFastReason != null) return "cancelled by " + failFastReason;
    if (runCancelled && !admittedAfterCancel) return "the run was cancelled";
    return null;
  }

  void started(String legId, Cancellation cancellation) {
    running.put(legId, cancellation);
  }

  void finished(String legId) {
    running.remove(legId);
  }

  /** Fail-fast: cancels the running legs and keeps the queued ones from starting. */
  void failFast(String reason) {
    if (failFastReason != null) return;
    failFastReason = reason;
    cancelRunning(reason);
  }

  void cancelRunning(String reason) {
    List.copyOf(running.values()).forEach(c -> c.cancel(Cancellation.Reason.CANCELLED, reason));
  }

  void add(JobResult result) {
    done++;
    switch (result.effective()) {
      case FAILURE -> failed = true;
      case CANCELLED -> cancelled = true;
      default -> { }
    }
    result.outputs().forEach((k, v) -> {
      if (!v.isEmpty() || !outputs.containsKey(k)) outputs.put(k, v);
    });
  }

  boolean complete() {
    return done == legs;
  }

  /** The job's result: failure when any leg failed (or was cut short by fail-fast), else cancelled, else success. */
  JobSummary summary() {
    Conclusion result = failed || (cancelled && failFastReason != null) ? Conclusion.FAILURE
        : cancelled ? Conclusion.CANCELLED : Conclusion.SUCCESS;
    return new JobSummary(job.id(), result, outputs);
  }
}

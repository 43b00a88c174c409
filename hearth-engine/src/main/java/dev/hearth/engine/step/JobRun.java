package dev.hearth.engine.step;

import dev.hearth.engine.Cancellation;
import dev.hearth.engine.Conclusion;
import dev.hearth.engine.RunEvent;
import dev.hearth.engine.RunListener;
import dev.hearth.engine.action.ActionSource;
import dev.hearth.engine.step.StepResult.Stop;
import dev.hearth.vm.Vm;
import dev.hearth.workflow.expr.ExpressionException;
import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.expr.IfCondition;
import dev.hearth.workflow.expr.RunStatus;
import dev.hearth.workflow.model.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job leg being run: the state that grows step by step (environment, {@code steps} context,
 * job status, command state, summaries) and the loop over the steps. Used by one thread.
 *
 * <p>Status functions answer from the job so far: after a step whose conclusion is failure,
 * {@code success()} is false and {@code failure()} true; once the job is cancelled or has run out
 * of time, {@code cancelled()} is true and only steps whose {@code if} allows it still run, each
 * bounded by the job's {@code cancel-timeout-minutes} (default 5).
 */
final class JobRun {
  private static final Logger LOG = LoggerFactory.getLogger(JobRun.class);
  private static final double DEFAULT_JOB_MINUTES = 360;
  private static final double DEFAULT_CANCEL_MINUTES = 5;

  /** How long a step may run and whether that bound is the job's own deadline. */
  record Limit(Duration timeout, boolean isJobDeadline) {}

  private final JobInvocation inv;
  private final Vm vm;
  private final RunListener listener;
  private final Clock clock;
  private final EnvironmentLayers env;
  private final StepContexts steps = new StepContexts();
  private final CommandState commands;
  private final boolean debug;
  private final String tempDir;
  private final String stepFilesId = StepFiles.newId();
  private final Map<String, String> summaries = new LinkedHashMap<>();
  private final JobActions actions;
  private StepExpressions expressions;
  private boolean failed;
  private boolean cancelled;
  private boolean timedOut;
  private boolean interrupted;
  private Instant graceEnd;

  JobRun(JobInvocation inv, Vm vm, RunListener listener, Clock clock, EnvironmentLayers env,
      ActionSource actionSource) {
    this.inv = inv;
    this.vm = vm;
    this.listener = listener;
    this.clock = clock;
    this.env = env;
    this.debug = JobSettings.debug(inv);
    this.commands = new CommandState(debug);
    this.tempDir = inv.baseEnv().getOrDefault("RUNNER_TEMP", vm.workDir() + "/_temp");
    this.expressions = StepExpressions.of(inv.contexts(), inv.workspace());
    this.actions = new JobActions(this, actionSource);
  }

  JobOutcome run() throws InterruptedException {
    actions.pre();
    for (Step step : inv.job().steps()) {
      if (interrupted) break;
      runStep(step);
    }
    actions.post();
    if (interrupted) throw new InterruptedException("job " + inv.jobId() + " was interrupted");
    Conclusion result = cancelled ? Conclusion.CANCELLED : failed || timedOut ? Conclusion.FAILURE : Conclusion.SUCCESS;
    return new JobOutcome(result, outputs(), summaries);
  }

  private void runStep(Step step) {
    noticeStops();
    StepExpressions ex = expressions.with(env.context(), steps.value(), status());
    StepLog log = log(step.id());
    Instant start = started(step, displayName(step, ex));
    boolean runs;
    try {
      runs = ex.condition(step.condition());
    } catch (ExpressionException e) {
      log.error("The step's 'if' could not be evaluated: " + e.getMessage());
      finish(step, new Attempt(StepResult.failure(), false), start);
      return;
    }
    if (runs) {
      finish(step, attempt(step, ex, log), start);
    } else {
      steps.record(step.id(), Conclusion.SKIPPED, Conclusion.SKIPPED, Map.of());
      listener.on(new RunEvent.StepFinished(inv.runId(), inv.jobId(), step.id(), Conclusion.SKIPPED,
          Conclusion.SKIPPED, Duration.ZERO, clock.instant()));
    }
  }

  /** A step's work and whether a failure of it is tolerated. */
  private record Attempt(StepResult result, boolean continueOnError) {}

  private Attempt attempt(Step step, StepExpressions ex, StepLog log) {
    boolean continueOnError = false;
    try {
      continueOnError = ex.bool(step.continueOnError(), ExpressionScope.STEP_CONTINUE_ON_ERROR);
      Optional<Double> minutes = ex.number(step.timeoutMinutes(), ExpressionScope.STEP_TIMEOUT_MINUTES);
      return new Attempt(new StepExecution(this, step, log).execute(ex, minutes), continueOnError);
    } catch (ExpressionException e) {
      log.error(e.getMessage());
    } catch (InterruptedException e) {
      return new Attempt(StepResult.stopped(Stop.INTERRUPTED, StepResult.Changes.NONE), continueOnError);
    } catch (RuntimeException e) { // a bug must not leave the step without its StepFinished
      LOG.error("run={} job={} step={} failed inside Hearth", inv.runId(), inv.jobId(), step.id(), e);
      log.error("Hearth failed while running this step: " + e);
    }
    return new Attempt(StepResult.failure(), continueOnError);
  }

  /** A step Hearth adds that cannot run (its condition failed to evaluate). */
  private static final class AddedStepError extends Exception {
    private static final long serialVersionUID = 1L;

    AddedStepError(String message) {
      super(message);
    }
  }

  /** The work of a step Hearth adds to the job (an action's {@code pre} or {@code post}). */
  @FunctionalInterface
  interface AddedStep {
    StepResult run(StepExpressions ex, StepLog log) throws InterruptedException, ExpressionException;
  }

  /**
   * Runs a step Hearth adds (an action's {@code pre} or {@code post} script) when {@code condition}
   * (an {@code if} expression) holds: reported like a step under {@code id}, failing the job when it
   * fails, but not part of the {@code steps} context. Not reported at all when the condition is false.
   */
  void runAdded(String id, String name, String condition, AddedStep work) {
    if (interrupted) return;
    noticeStops();
    StepExpressions ex = expressions.with(env.context(), steps.value(), status());
    StepLog log = log(id);
    String conditionError = null;
    try {
      if (!IfCondition.parse(condition, ExpressionScope.STEP_IF).evaluate(ex.context())) return;
    } catch (ExpressionException e) {
      conditionError = "The step's condition '" + condition + "' could not be evaluated: " + e.getMessage();
    }
    Instant start = clock.instant();
    listener.on(new RunEvent.StepStarted(inv.runId(), inv.jobId(), id, inv.masker().mask(name), start));
    StepResult result;
    try {
      if (conditionError != null) throw new AddedStepError(conditionError);
      result = work.run(ex, log);
    } catch (ExpressionException | AddedStepError e) {
      log.error(e.getMessage());
      result = StepResult.failure();
    } catch (InterruptedException e) {
      result = StepResult.stopped(Stop.INTERRUPTED, StepResult.Changes.NONE);
    } catch (RuntimeException e) {
      LOG.error("run={} job={} step={} failed inside Hearth", inv.runId(), inv.jobId(), id, e);
      log.error("Hearth failed while running this step: " + e);
      result = StepResult.failure();
    }
    result.changes().env().forEach(env::set);
    result.changes().paths().forEach(env::prependPath);
    if (result.outcome() == Conclusion.FAILURE) failed = true;
    if (result.stop() == Stop.INTERRUPTED) interrupted = true;
    if (result.stop() == Stop.CANCELLED) stopCancelled();
    if (result.stop() == Stop.JOB_TIMED_OUT) stopTimedOut();
    Instant end = clock.instant();
    listener.on(new RunEvent.StepFinished(inv.runId(), inv.jobId(), id, result.outcome(), result.outcome(),
        Duration.between(start, end), end));
  }

  private Instant started(Step step, String name) {
    Instant now = clock.instant();
    listener.on(new RunEvent.StepStarted(inv.runId(), inv.jobId(), step.id(), inv.masker().mask(name), now));
    return now;
  }

  private void finish(Step step, Attempt attempt, Instant start) {
    StepResult result = attempt.result();
    Conclusion outcome = result.outcome();
    Conclusion conclusion = outcome == Conclusion.FAILURE && attempt.continueOnError() ? Conclusion.SUCCESS : outcome;
    apply(step, result.changes());
    steps.record(step.id(), outcome, conclusion, result.changes().outputs());
    if (conclusion == Conclusion.FAILURE) failed = true;
    switch (result.stop()) {
      case CANCELLED -> stopCancelled();
      case JOB_TIMED_OUT -> stopTimedOut();
      case INTERRUPTED -> interrupted = true;
      case NONE -> { }
    }
    Instant end = clock.instant();
    Duration took = Duration.between(start, end);
    LOG.info("run={} job={} step={} outcome={} conclusion={} took={}ms", inv.runId(), inv.jobId(), step.id(),
        outcome.githubName(), conclusion.githubName(), took.toMillis());
    listener.on(new RunEvent.StepFinished(inv.runId(), inv.jobId(), step.id(), outcome, conclusion, took, end));
  }

  /** Applies what the step set for later steps and reports its summary (before its StepFinished). */
  private void apply(Step step, StepResult.Changes changes) {
    changes.env().forEach(env::set);
    changes.paths().forEach(env::prependPath);
    if (changes.summary().isEmpty()) return;
    String markdown = inv.masker().mask(changes.summary());
    summaries.put(step.id(), markdown);
    listener.on(new RunEvent.StepSummary(inv.runId(), inv.jobId(), step.id(), markdown, clock.instant()));
  }

  /** Notices a cancellation or a passed deadline that happened between steps. */
  private void noticeStops() {
    Optional<Cancellation.Reason> reason = inv.cancellation().reason();
    if (reason.isPresent() && reason.get() == Cancellation.Reason.CANCELLED) stopCancelled();
    if (reason.isPresent() && reason.get() == Cancellation.Reason.TIMED_OUT) stopTimedOut();
    if (!clock.instant().isBefore(inv.deadline())) stopTimedOut();
  }

  private void stopCancelled() {
    if (cancelled || timedOut) return;
    cancelled = true;
    graceEnd = clock.instant().plus(minutes(JobSettings.cancelTimeoutMinutes(inv, DEFAULT_CANCEL_MINUTES)));
  }

  private void stopTimedOut() {
    if (timedOut || cancelled) return;
    timedOut = true;
    double minutes = JobSettings.timeoutMinutes(inv, DEFAULT_JOB_MINUTES);
    // a wall-time quota ended the job: the engine names it; GitHub's line would name timeout-minutes instead
    boolean byQuota = inv.cancellation().message().filter(m -> m.contains("wall-time quota")).isPresent();
    if (!byQuota) log(null).error("The job has exceeded the maximum execution time of " + JobSettings.format(minutes) + " minutes.");
    graceEnd = clock.instant().plus(minutes(JobSettings.cancelTimeoutMinutes(inv, DEFAULT_CANCEL_MINUTES)));
  }

  private RunStatus status() {
    if (cancelled || timedOut) return RunStatus.CANCELLED;
    return failed ? RunStatus.FAILURE : RunStatus.SUCCESS;
  }

  /** The bound for a step: its {@code timeout-minutes}, capped by the job's remaining time (or grace). */
  Limit limit(Optional<Double> stepMinutes) {
    Instant end = stopping() ? graceEnd : inv.deadline();
    Duration remaining = Duration.between(clock.instant(), end);
    if (remaining.compareTo(Duration.ofMillis(1)) < 0) remaining = Duration.ofMillis(1);
    if (stepMinutes.isPresent() && minutes(stepMinutes.get()).compareTo(remaining) <= 0) {
      return new Limit(minutes(stepMinutes.get()), false);
    }
    return new Limit(remaining, !stopping());
  }

  private Map<String, String> outputs() {
    Map<String, String> out = new LinkedHashMap<>();
    StepExpressions ex = expressions.with(env.context(), steps.value(), status());
    StepLog log = log(null);
    for (var e : inv.job().outputs().entrySet()) {
      try {
        String value = ex.string(e.getValue(), ExpressionScope.JOB_OUTPUTS);
        if (value == null) continue;
        if (!value.equals(inv.masker().mask(value))) {
          log.warning("Skip output '" + e.getKey() + "' since it may contain secret.");
          continue;
        }
        out.put(e.getKey(), value);
      } catch (ExpressionException ex2) {
        log.error("The job output '" + e.getKey() + "' could not be evaluated: " + ex2.getMessage());
      }
    }
    return out;
  }

  private String displayName(Step step, StepExpressions ex) {
    if (step.name() != null) {
      try {
        return ex.string(step.name(), ExpressionScope.STEP_NAME);
      } catch (ExpressionException e) {
        return step.name().text();
      }
    }
    String text = step.isRun() ? step.run().text() : step.uses().text();
    return "Run " + text.strip().lines().findFirst().orElse("");
  }

  private StepLog log(String stepId) {
    return new StepLog(listener, clock, inv.masker(), inv.runId(), inv.jobId(), stepId);
  }

  private static Duration minutes(double m) {
    return Duration.ofMillis(Math.max(1, Math.round(m * 60_000)));
  }

  boolean stopping() {
    return cancelled || timedOut;
  }

  EnvironmentLayers env() { return env; }

  JobActions actions() { return actions; }

  JobInvocation invocation() { return inv; }

  Vm vm() { return vm; }

  Masker masker() { return inv.masker(); }

  CommandState commands() { return commands; }

  boolean debug() { return debug; }

  String tempDir() { return tempDir; }

  /** The id of the step files this leg's steps share, one after the other (see {@link StepFiles}). */
  String stepFilesId() { return stepFilesId; }
}

package dev.hearth.engine.step;

import dev.hearth.engine.Conclusion;
import dev.hearth.engine.RunEvent;
import dev.hearth.engine.RunListener;
import dev.hearth.engine.action.ActionSource;
import dev.hearth.vm.Vm;
import dev.hearth.workflow.expr.ExpressionException;
import java.time.Clock;
import java.util.Map;

/**
 * Runs one job leg's steps in a VM, as GitHub's runner does: {@code if} with the status functions,
 * {@code run} scripts in the named shell with GitHub's flags, {@code env} layering, file commands
 * ({@code $GITHUB_ENV}, {@code $GITHUB_OUTPUT}, {@code $GITHUB_PATH}, {@code $GITHUB_STATE},
 * {@code $GITHUB_STEP_SUMMARY}), workflow commands, masking, {@code continue-on-error},
 * {@code timeout-minutes}, the job deadline and cancellation. Stateless between runs; thread-safe.
 */
public final class JobRunner {
  private final RunListener listener;
  private final Clock clock;
  private final ActionSource actions;

  public JobRunner(RunListener listener) {
    this(listener, Clock.systemUTC());
  }

  /** A runner whose event times and deadline checks read {@code clock}; it knows no remote action. */
  public JobRunner(RunListener listener, Clock clock) {
    this(listener, clock, ActionSource.NONE);
  }

  /** A runner that finds remote actions ({@code owner/repo@ref}) in {@code actions}. */
  public JobRunner(RunListener listener, Clock clock, ActionSource actions) {
    this.listener = listener;
    this.clock = clock;
    this.actions = actions;
  }

  /**
   * Runs the steps of {@code job} in {@code vm}, reporting {@code StepStarted}/{@code LogLine}/{@code
   * Annotation}/{@code StepSummary}/{@code StepFinished} events (not JobStarted/JobFinished: the executor reports those;
   * lines about the job itself, such as a skipped output, carry a null step id), and returns the
   * job's result, outputs and step summaries. Never throws for step failures; returns CANCELLED when
   * the invocation's cancellation fires (FAILURE when its reason is TIMED_OUT or the deadline passes).
   *
   * @throws InterruptedException when the calling thread is interrupted other than through the
   *     invocation's cancellation (the running step is finished as cancelled first)
   */
  public JobOutcome run(JobInvocation job, Vm vm) throws InterruptedException {
    job.secrets().values().forEach(job.masker()::add);
    EnvironmentLayers env;
    try {
      env = JobSettings.environment(job);
    } catch (ExpressionException e) {
      listener.on(new RunEvent.LogLine(job.runId(), job.jobId(), null, StepLog.HEARTH,
          job.masker().mask("##[error]The job's env could not be evaluated: " + e.getMessage()), clock.instant()));
      return new JobOutcome(Conclusion.FAILURE, Map.of());
    }
    return new JobRun(job, vm, listener, clock, env, actions).run();
  }
}

package dev.hearth.engine.step;

import dev.hearth.engine.RunListener;
import dev.hearth.vm.Vm;

/** Runs one job leg's steps in a VM, as GitHub's runner does. SKELETON: the step-semantics work fills it in. */
public final class JobRunner {
  private final RunListener listener;

  public JobRunner(RunListener listener) {
    this.listener = listener;
  }

  /**
   * Runs the steps of {@code job} in {@code vm}, reporting {@code StepStarted}/{@code LogLine}/{@code
   * StepFinished} events (not JobStarted/JobFinished: the executor reports those), and returns the
   * job's result and outputs. Never throws for step failures; returns CANCELLED or FAILURE when the
   * invocation's cancellation fires.
   */
  public JobOutcome run(JobInvocation job, Vm vm) throws InterruptedException {
    throw new UnsupportedOperationException("job runner not built yet: " + listener);
  }
}

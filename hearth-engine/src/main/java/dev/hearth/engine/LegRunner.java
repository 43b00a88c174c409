package dev.hearth.engine;

import dev.hearth.engine.step.JobInvocation;
import dev.hearth.engine.step.JobOutcome;
import dev.hearth.engine.action.ActionSource;
import dev.hearth.engine.step.JobRunner;
import dev.hearth.vm.Vm;
import java.time.Clock;

/**
 * Runs one job leg's steps in a VM: the seam between the executor (which owns sessions, jobs and
 * their order) and step semantics. {@link #steps} is the real one.
 *
 * <p>Contract the executor's exec counts rely on: each step that runs is exactly one {@code
 * Vm.exec} (script, env and file-command set-up travel inside that one exec; file commands are read
 * back with {@code copyOut}); a skipped step is no exec. A runner reports step events only (the
 * executor reports job events) and returns CANCELLED or FAILURE when the invocation's cancellation
 * fires.
 */
@FunctionalInterface
public interface LegRunner {
  /** The real step runner, reading {@code clock} for event times and deadlines. */
  static LegRunner steps(Clock clock) {
    return steps(clock, ActionSource.NONE);
  }

  /** The real step runner, finding remote actions in {@code actions}. */
  static LegRunner steps(Clock clock, ActionSource actions) {
    return (job, vm, listener) -> new JobRunner(listener, clock, actions).run(job, vm);
  }

  JobOutcome run(JobInvocation job, Vm vm, RunListener listener) throws InterruptedException;
}

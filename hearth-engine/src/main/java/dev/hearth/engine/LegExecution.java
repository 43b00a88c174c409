package dev.hearth.engine;

import dev.hearth.engine.quota.QuotaException;
import dev.hearth.engine.quota.ResolvedQuota;
import dev.hearth.engine.step.JobInvocation;
import dev.hearth.engine.step.JobOutcome;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job leg, reporting {@code JobStarted} and exactly one {@code JobFinished}. In workflow
 * scope the leg uses the run's VM; in job scope it opens its own session (one VM), sets it up, runs,
 * cleans up and releases it. Never throws: whatever goes wrong becomes the leg's result.
 */
final class LegExecution {
  private static final Logger LOG = LoggerFactory.getLogger(LegExecution.class);

  private final RunContext run;
  private final Vm sharedVm;
  private final VmLayout sharedLayout;
  private final List<String> sharedLabels;
  private final WallLimit sharedWall; // the run's wall-time quota in workflow scope; null: none

  /**
   * Legs in the run's one VM ({@code vm} laid out as {@code layout}, allocated for {@code labels}),
   * ending by {@code wall} (null: no wall-time quota).
   */
  static LegExecution shared(RunContext run, Vm vm, VmLayout layout, List<String> labels, WallLimit wall) {
    return new LegExecution(run, vm, layout, labels, wall);
  }

  /** Legs each in a VM of their own. */
  static LegExecution perLeg(RunContext run) {
    return new LegExecution(run, null, null, List.of(), null);
  }

  /** The run's one VM in workflow scope; null in job scope. */
  String sharedVmId() {
    return sharedVm == null ? null : sharedVm.id();
  }

  /** The same VM arrangement for the jobs of a called reusable workflow. */
  LegExecution forRun(RunContext other) {
    return new LegExecution(other, sharedVm, sharedLayout, sharedLabels, sharedWall);
  }

  private LegExecution(RunContext run, Vm sharedVm, VmLayout sharedLayout, List<String> sharedLabels, WallLimit sharedWall) {
    this.run = run;
    this.sharedVm = sharedVm;
    this.sharedLayout = sharedLayout;
    this.sharedLabels = List.copyOf(sharedLabels);
    this.sharedWall = sharedWall;
  }

  JobResult run(Leg leg, Cancellation cancellation) {
    if (sharedVm != null) return inVm(leg, sharedVm, sharedLayout, cancellation, sharedWall, null);
    Map<String, String> logLabels = Map.of("run", run.runId(), "job", leg.id());
    ResolvedQuota quota;
    try {
      quota = RunQuotas.resolve(run, leg.id(), leg.settings().labels());
    } catch (QuotaException e) {
      return notRun(leg, Conclusion.FAILURE, "no VM for this job: " + e.getMessage());
    }
    Session session;
    try {
      session = run.sessions().open(new SessionRequest(run.runId(), quota.spec(leg.settings().labels(), logLabels),
          AllocationScope.JOB, cancellation, run.ledger()));
    } catch (CancellationException e) {
      return notRun(leg, Conclusion.CANCELLED, "cancelled before it got a VM: " + e.getMessage());
    } catch (VmException e) {
      return notRun(leg, Conclusion.FAILURE, "no VM for this job: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return notRun(leg, Conclusion.CANCELLED, "interrupted while waiting for a VM");
    }
    try (session) {
      run.usedVm(session.vm().id());
      return inVm(leg, session.vm(), null, cancellation, WallLimit.of(quota, run.now(), "job"), quota);
    }
  }

  /** Reports a leg that never ran in a VM: skipped, cancelled while queued, or without a VM. */
  JobResult notRun(Leg leg, Conclusion result, String why) {
    run.ledger().on(new RunEvent.JobStarted(run.runId(), leg.id(), leg.settings().name(), null, run.now()));
    if (why != null) run.say(leg.id(), why);
    run.ledger().on(new RunEvent.JobFinished(run.runId(), leg.id(), result, Map.of(), Duration.ZERO, run.now()));
    return new JobResult(leg.id(), leg.job().id(), result, false, Map.of(), null);
  }

  /**
   * {@code layout} null: the VM is the leg's own and gets set up and cleaned up here, and {@code quota}
   * (its quota, said in the job's log) is not null. {@code wall}: the wall-time quota, null for none.
   */
  private JobResult inVm(Leg leg, Vm vm, VmLayout layout, Cancellation cancellation, WallLimit wall, ResolvedQuota quota) {
    Instant start = run.now();
    run.ledger().on(new RunEvent.JobStarted(run.runId(), leg.id(), leg.settings().name(), vm.id(), start));
    if (quota != null) RunQuotas.say(run, leg.id(), quota);
    leg.settings().warnings().forEach(w -> run.say(leg.id(), w));
    if (layout != null && !leg.settings().labels().isEmpty() && !leg.settings().labels().equals(sharedLabels)) {
      run.say(leg.id(), "runs-on " + leg.settings().labels() + " differs from the run's VM " + sharedLabels
          + ": in allocation scope 'workflow' every job runs in the run's one VM");
    }
    JobOutcome outcome = new JobOutcome(Conclusion.FAILURE, Map.of());
    try {
      VmLayout laid = layout != null ? layout
          : run.setup().prepare(vm, run.request().repository(), run.request().plan().event().payload(), run.ledger(),
              run.runId(), leg.id());
      outcome = steps(leg, vm, laid, cancellation, wall);
    } catch (RunSetup.SetupException e) {
      run.say(leg.id(), e.getMessage());
    } catch (InterruptedException e) {
      outcome = new JobOutcome(Conclusion.CANCELLED, Map.of());
    } finally {
      if (layout == null) run.setup().cleanup(vm, run.ledger(), run.runId(), leg.id());
    }
    boolean continued = outcome.result() == Conclusion.FAILURE && leg.settings().continueOnError();
    Map<String, String> outputs = outcome.outputs() == null ? Map.of() : outcome.outputs();
    run.ledger().on(new RunEvent.JobFinished(run.runId(), leg.id(), outcome.result(), outputs,
        Duration.between(start, run.now()), run.now()));
    return new JobResult(leg.id(), leg.job().id(), outcome.result(), continued, outputs, vm.id());
  }

  /** The leg's steps under its timeout (or the wall-time quota, when earlier); a runner that throws fails the leg. */
  private JobOutcome steps(Leg leg, Vm vm, VmLayout layout, Cancellation cancellation, WallLimit wall) {
    Duration timeout = leg.settings().timeout();
    Instant deadline = run.now().plus(timeout);
    String why = "the job exceeded its timeout of " + minutes(timeout);
    boolean byQuota = wall != null && wall.deadline().isBefore(deadline);
    if (byQuota) {
      deadline = wall.deadline();
      why = wall.why();
    }
    String timedOutWhy = why;
    Timers.Timer timer = run.timers().at(deadline, () -> cancellation.cancel(Cancellation.Reason.TIMED_OUT, timedOutWhy));
    Conclusion settled = Conclusion.FAILURE;
    try {
      JobInvocation invocation = new JobInvocation(run.runId(), leg.id(), run.request().plan().workflow(),
          leg.job().job(), JobContexts.forSteps(run.request(), layout, vm.id(), leg.job().id(), leg.needs(), leg.leg()),
          DefaultEnvironment.forJob(run.request(), layout, leg.job().id(), vm.id()), run.request().secrets(),
          layout.workspace(), deadline, cancellation, run.masker());
      JobOutcome outcome = run.runner().run(invocation, vm, run.ledger());
      settled = outcome.result();
      return timedOut(leg, cancellation) ? new JobOutcome(Conclusion.FAILURE, outcome.outputs()) : outcome;
    } catch (InterruptedException e) {
      settled = timedOut(leg, cancellation) ? Conclusion.FAILURE : Conclusion.CANCELLED;
      return new JobOutcome(settled, Map.of());
    } catch (RuntimeException e) {
      LOG.error("run={} job={} failed inside the engine", run.runId(), leg.id(), e);
      run.say(leg.id(), "Hearth failed running this job: " + e);
      return new JobOutcome(Conclusion.FAILURE, Map.of());
    } finally {
      timer.cancel();
      if (byQuota && (timedOut(leg, cancellation) || !run.now().isBefore(deadline))) run.say(leg.id(), why);
      run.ledger().finishOpenSteps(run.runId(), leg.id(), settled == Conclusion.SUCCESS ? Conclusion.FAILURE : settled);
    }
  }

  /** A job timeout fails the job; the runner says so in the job's log (as GitHub's runner does). */
  private static boolean timedOut(Leg leg, Cancellation cancellation) {
    return cancellation.reason().orElse(null) == Cancellation.Reason.TIMED_OUT;
  }

  private static String minutes(Duration d) {
    long m = d.toMinutes();
    return m >= 1 && d.toSeconds() % 60 == 0 ? m + (m == 1 ? " minute" : " minutes") : d.toSeconds() + " seconds";
  }
}

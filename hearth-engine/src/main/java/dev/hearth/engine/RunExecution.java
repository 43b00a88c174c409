package dev.hearth.engine;

import dev.hearth.engine.quota.QuotaException;
import dev.hearth.engine.quota.ResolvedQuota;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmSpec;
import dev.hearth.workflow.expr.RunStatus;
import dev.hearth.workflow.plan.PlannedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run from queued to finished. Events: {@code RunQueued}; in workflow scope {@code VmAllocated},
 * {@code RunStarted}, setup, the jobs, cleanup, {@code VmReleased}; {@code RunFinished}. A run that
 * never gets its VM (cancelled while waiting, allocation failed) goes from {@code RunQueued} to
 * {@code RunFinished} with a log line saying why. Whatever happens, cleanup runs in every VM that was
 * allocated, every VM is released and every started job and step is finished.
 */
final class RunExecution {
  private static final Logger LOG = LoggerFactory.getLogger(RunExecution.class);

  private final RunContext run;
  private Session session; // the run's one session (workflow scope), closed after RunFinished

  /** The run ended before its jobs could run; the conclusion says how. */
  private static final class Ended extends Exception {
    private static final long serialVersionUID = 1L;
    private final Conclusion conclusion;

    Ended(Conclusion conclusion) {
      super(null, null, false, false);
      this.conclusion = conclusion;
    }
  }

  RunExecution(RunContext run) {
    this.run = run;
  }

  RunResult execute() {
    RunRequest request = run.request();
    Instant queued = run.now();
    run.ledger().on(new RunEvent.RunQueued(run.runId(), request.plan().workflow().file(),
        DefaultEnvironment.workflowName(request), request.plan().event().name(), queued));
    Conclusion result = Conclusion.FAILURE;
    List<JobResult> jobs = List.of();
    try {
      jobs = request.scope() == AllocationScope.WORKFLOW ? inOneVm() : perJob();
      result = conclude(jobs);
    } catch (Ended e) {
      result = e.conclusion;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result = Conclusion.CANCELLED;
    } catch (RuntimeException | Error e) {
      LOG.error("run={} failed inside the engine", run.runId(), e);
      run.say(null, "Hearth failed running this workflow: " + e);
    } finally {
      run.ledger().finishOpenJobs(run.runId(), Conclusion.CANCELLED);
    }
    if (wasCancelled()) result = Conclusion.CANCELLED;
    Instant end = run.now();
    try {
      run.ledger().on(new RunEvent.RunFinished(run.runId(), request.plan().workflow().file(), result,
          Duration.between(queued, end), end));
    } finally {
      if (session != null) session.close(); // the next run is admitted only after this one finished
    }
    return new RunResult(run.runId(), result, jobs, run.usedVms(), Duration.between(queued, end));
  }

  private List<JobResult> inOneVm() throws Ended, InterruptedException {
    List<String> labels = labels();
    ResolvedQuota quota = quota(labels);
    session = open(quota.spec(labels, Map.of("run", run.runId(), "workflow", run.request().plan().workflow().file())));
    WallLimit wall = WallLimit.of(quota, run.now(), "run");
    try {
      Vm vm = session.vm();
      run.usedVm(vm.id());
      run.ledger().on(new RunEvent.RunStarted(run.runId(), run.request().plan().workflow().file(), run.now()));
      try {
        VmLayout layout = run.setup().prepare(vm, run.request().repository(), run.request().plan().event().payload(),
            run.ledger(), run.runId(), null);
        return new JobScheduler(run, LegExecution.shared(run, vm, layout, labels, wall), true).run();
      } catch (RunSetup.SetupException e) {
        run.say(null, e.getMessage());
        throw new Ended(wasCancelled() ? Conclusion.CANCELLED : Conclusion.FAILURE);
      } finally {
        run.ledger().finishOpenJobs(run.runId(), Conclusion.CANCELLED);
        run.setup().cleanup(vm, run.ledger(), run.runId(), null);
      }
    } finally {
      session.releaseVm();
    }
  }

  /** The quota of the run's one VM, said in the run's log; a quota that cannot be resolved ends the run. */
  private ResolvedQuota quota(List<String> labels) throws Ended {
    try {
      ResolvedQuota quota = RunQuotas.resolve(run, null, labels);
      RunQuotas.say(run, null, quota);
      return quota;
    } catch (QuotaException e) {
      run.say(null, "No VM for this run: " + e.getMessage());
      throw new Ended(Conclusion.FAILURE);
    }
  }

  private Session open(VmSpec spec) throws Ended, InterruptedException {
    RunRequest request = run.request();
    try {
      return run.sessions().open(new SessionRequest(run.runId(), spec, AllocationScope.WORKFLOW,
          request.cancellation(), run.ledger()));
    } catch (CancellationException e) {
      run.say(null, "The run was cancelled before it got a VM: " + e.getMessage());
      throw new Ended(Conclusion.CANCELLED);
    } catch (VmException e) {
      run.say(null, "No VM for this run: " + e.getMessage());
      throw new Ended(Conclusion.FAILURE);
    }
  }

  private List<JobResult> perJob() throws InterruptedException {
    run.ledger().on(new RunEvent.RunStarted(run.runId(), run.request().plan().workflow().file(), run.now()));
    return new JobScheduler(run, LegExecution.perLeg(run), false).run();
  }

  /**
   * The labels of the run's one VM: those of the first job in plan order (with its first leg's
   * matrix when its legs are known). A later job asking for other labels runs in the same VM.
   */
  private List<String> labels() {
    // a job calling a reusable workflow has no runs-on of its own
    List<PlannedJob> jobs = run.request().plan().jobs().stream().filter(j -> !j.job().isWorkflowCall()).toList();
    if (jobs.isEmpty()) return List.of();
    PlannedJob first = jobs.get(0);
    var needs = NeedsContext.of(List.of(), Map.of());
    var context = first.legs().isEmpty()
        ? JobContexts.beforeLegs(run.request(), first.id(), needs, RunStatus.SUCCESS)
        : JobContexts.forLeg(run.request(), first.id(), needs, first.legs().get(0));
    List<String> warnings = new ArrayList<>();
    List<String> labels = LegSettings.labels(first.job().runsOn(), context, warnings);
    warnings.forEach(w -> LOG.warn("run={} {}", run.runId(), w));
    return labels;
  }

  /**
   * Cancelled when the run was; else failure when a job failed; else cancelled when a job was (as
   * GitHub concludes a run one of whose jobs a concurrency group cancelled); else success.
   */
  private Conclusion conclude(List<JobResult> jobs) {
    if (wasCancelled()) return Conclusion.CANCELLED;
    if (jobs.stream().anyMatch(j -> j.effective() == Conclusion.FAILURE)) return Conclusion.FAILURE;
    if (jobs.stream().anyMatch(j -> j.effective() == Conclusion.CANCELLED)) return Conclusion.CANCELLED;
    return Conclusion.SUCCESS;
  }

  private boolean wasCancelled() {
    return run.request().cancellation().isCancelled();
  }
}

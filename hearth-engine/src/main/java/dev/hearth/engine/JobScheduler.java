package dev.hearth.engine;

import dev.hearth.workflow.expr.EvaluationContext;
import dev.hearth.workflow.expr.ExpressionException;
import dev.hearth.workflow.expr.RunStatus;
import dev.hearth.workflow.expr.Value.ObjectValue;
import dev.hearth.workflow.plan.JobGraph;
import dev.hearth.workflow.plan.JobLeg;
import dev.hearth.workflow.plan.LegNames;
import dev.hearth.workflow.plan.MatrixCombination;
import dev.hearth.workflow.plan.MatrixException;
import dev.hearth.workflow.plan.PlannedJob;
import dev.hearth.workflow.plan.StrategyContext;
import dev.hearth.workflow.plan.TemplateEvaluator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Walks a run's job graph: a job becomes ready when all it needs have finished; its {@code if}
 * decides whether it runs; its (possibly deferred) matrix gives its legs; legs run on worker threads
 * under the scope's limit (workflow scope: one leg at a time, in plan and leg order; job scope: every
 * ready leg, {@code max-parallel} per job). A failed leg of a fail-fast matrix cancels its running
 * siblings and those still queued. Only the calling thread touches the scheduler's state.
 */
final class JobScheduler {
  private final RunContext run;
  private final LegExecution legs;
  private final boolean oneAtATime;
  private final JobGraph graph;
  private final Map<String, JobSummary> finished = new HashMap<>();
  private final Set<String> started = new HashSet<>();
  private final Map<String, JobProgress> progress = new LinkedHashMap<>();
  private final Deque<Leg> queue = new ArrayDeque<>();
  private final BlockingQueue<Done> done = new LinkedBlockingQueue<>();
  private final List<JobResult> results = new ArrayList<>();
  private final String idPrefix;
  private final WorkflowCallExecution calls;
  private final LegGroups groups;
  private int running;

  private record Done(Leg leg, JobResult result) {}

  JobScheduler(RunContext run, LegExecution legs, boolean oneAtATime) {
    this(run, legs, oneAtATime, "", List.of(WorkflowCallExecution.topLevel(run)));
  }

  /**
   * A scheduler for the jobs of a called workflow, whose leg ids start with {@code idPrefix}
   * ({@code "caller / "}); {@code chain} names the workflows from the top-level one to this one.
   */
  JobScheduler(RunContext run, LegExecution legs, boolean oneAtATime, String idPrefix, List<String> chain) {
    this.run = run;
    this.legs = legs;
    this.oneAtATime = oneAtATime;
    this.graph = run.request().plan().graph();
    this.idPrefix = idPrefix;
    this.calls = new WorkflowCallExecution(run, legs, oneAtATime, chain);
    this.groups = new LegGroups(run, legs);
  }

  /** Runs every job; returns each leg's result in the order they finished. */
  List<JobResult> run() throws InterruptedException {
    try {
      while (!allFinished()) {
        if (admitReadyJobs()) continue;
        launch(); // may finish jobs on the spot: legs cancelled by fail-fast or by the run
        if (allFinished()) break;
        if (running == 0) throw new IllegalStateException("no job can run, but jobs " + pending() + " have not");
        settle(done.take());
      }
      return List.copyOf(results);
    } finally {
      stopWorkers();
    }
  }

  /** Decides every ready job; true when one finished on the spot (skipped, failed to expand). */
  private boolean admitReadyJobs() {
    boolean finishedOne = false;
    for (String id : graph.ready(finished.keySet(), started)) {
      started.add(id);
      PlannedJob job = run.request().plan().job(id).orElseThrow();
      finishedOne |= admit(job);
    }
    return finishedOne;
  }

  private boolean admit(PlannedJob job) {
    boolean cancelled = run.request().cancellation().isCancelled();
    ObjectValue needs = NeedsContext.of(job.needs(), finished);
    RunStatus status = JobCondition.status(job.transitiveNeeds(), finished, cancelled);
    EvaluationContext context = JobContexts.beforeLegs(run.request(), job.id(), needs, status);
    Leg whole = wholeJob(job, needs);
    try {
      String condition = job.job().condition() == null ? null : job.job().condition().text();
      if (!JobCondition.holds(condition, context, JobCondition.needsSucceeded(job.transitiveNeeds(), finished))) {
        finishWithout(whole, cancelled ? Conclusion.CANCELLED : Conclusion.SKIPPED, null);
        return true;
      }
      List<JobLeg> expanded = job.legs(TemplateEvaluator.of(context));
      if (expanded.isEmpty()) {
        finishWithout(whole, Conclusion.SKIPPED, "the matrix has no combinations");
        return true;
      }
      JobProgress p = new JobProgress(job, expanded, cancelled);
      progress.put(job.id(), p);
      for (JobLeg leg : expanded) queue.add(leg(job, leg, needs));
      return false;
    } catch (ExpressionException | MatrixException e) {
      finishWithout(whole, Conclusion.FAILURE, "the job could not be prepared: " + e.getMessage());
      return true;
    }
  }

  private Leg leg(PlannedJob job, JobLeg leg, ObjectValue needs) {
    String id = idPrefix + (leg.matrix().isEmpty() ? job.id() : LegNames.of(job.id(), leg.matrix()));
    var context = JobContexts.forLeg(run.request(), job.id(), needs, leg);
    return new Leg(job, leg, id, LegSettings.of(job.job(), leg.name(), context), needs,
        LegGroup.of(run.request().plan().workflow().file(), job.job(), context));
  }

  /** The job as one leg, for reporting a job that never expands (skipped, failed to prepare). */
  private Leg wholeJob(PlannedJob job, ObjectValue needs) {
    JobLeg leg = new JobLeg(job.displayName(), MatrixCombination.empty(), new StrategyContext(true, 0, 1, 1));
    return new Leg(job, leg, idPrefix + job.id(), new LegSettings(job.displayName(), List.of(), LegSettings.defaultTimeout(),
        false, List.of()), needs, null);
  }

  private void finishWithout(Leg leg, Conclusion result, String why) {
    JobResult r = legs.notRun(leg, result, why);
    results.add(r);
    finished.put(leg.job().id(), new JobSummary(leg.job().id(), r.effective(), Map.of()));
  }

  /** Starts queued legs as far as the limits allow; cancels those a fail-fast or the run stopped. */
  private void launch() {
    for (Iterator<Leg> it = queue.iterator(); it.hasNext(); ) {
      if (oneAtATime && running > 0) return;
      Leg leg = it.next();
      JobProgress p = progress.get(leg.job().id());
      String stop = p.reasonNotToStart(run.request().cancellation().isCancelled());
      if (stop != null) {
        it.remove();
        record(leg, legs.notRun(leg, Conclusion.CANCELLED, stop));
        continue;
      }
      if (!p.mayStartAnother()) continue;
      it.remove();
      start(leg, p);
    }
  }

  private void start(Leg leg, JobProgress p) {
    Cancellation cancellation = p.admittedAfterCancel ? new Cancellation() : run.request().cancellation().child();
    p.started(leg.id(), cancellation);
    running++;
    Thread.ofVirtual().name("hearth-" + run.runId() + "-" + leg.id()).start(() -> {
      JobResult result = null;
      try {
        result = groups.run(leg, cancellation,
            () -> leg.job().job().isWorkflowCall() ? calls.run(leg, cancellation) : legs.run(leg, cancellation));
      } catch (RuntimeException | Error e) {
        result = new JobResult(leg.id(), leg.job().id(), Conclusion.FAILURE, false, Map.of(), null);
        throw e;
      } finally {
        done.add(new Done(leg, result));
      }
    });
  }

  private void settle(Done d) {
    running--;
    JobProgress p = progress.get(d.leg().job().id());
    p.finished(d.leg().id());
    record(d.leg(), d.result());
    if (d.result().effective() == Conclusion.FAILURE && p.failFast()) {
      p.failFast("fail-fast: " + d.leg().id() + " failed");
    }
  }

  private void record(Leg leg, JobResult result) {
    results.add(result);
    JobProgress p = progress.get(leg.job().id());
    p.add(result);
    if (p.complete()) finished.put(p.job.id(), p.summary());
  }

  /** Whatever ended the walk, no worker outlives it. */
  private void stopWorkers() throws InterruptedException {
    if (running == 0) return;
    progress.values().forEach(p -> p.cancelRunning("the run ended"));
    while (running > 0) {
      done.take();
      running--;
    }
  }

  private boolean allFinished() {
    return finished.size() == graph.ids().size();
  }

  private List<String> pending() {
    return graph.ids().stream().filter(id -> !finished.containsKey(id)).toList();
  }
}

package dev.hearth.engine.step;

import dev.hearth.engine.action.ActionReference;
import dev.hearth.engine.action.ActionSource;
import dev.hearth.workflow.action.ActionRuns;
import dev.hearth.workflow.expr.ExpressionException;
import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.model.Step;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code uses} steps of one job leg: finds each action ({@link ActionLoader}), resolves its
 * inputs and runs it (composite, JavaScript, {@code actions/checkout} natively; Docker fails
 * clearly); runs JavaScript actions' {@code pre} scripts before the job's first step and their
 * {@code post} scripts after its last, in reverse order, also after a failure ({@code post-if}
 * defaults to {@code always()}, {@code pre-if} too), each carrying the step's saved state.
 * Used by the job's thread.
 */
final class JobActions {
  private final JobRun job;
  private final ActionLoader loader;
  private final Map<String, Map<String, String>> states = new HashMap<>();
  private final Deque<Post> posts = new ArrayDeque<>();

  /** A post script to run at the end of the job. */
  private record Post(String key, String name, LoadedAction action, ActionRuns.Node runs, Map<String, String> inputs,
      Map<String, String> stepEnv) {}

  JobActions(JobRun job, ActionSource source) {
    this.job = job;
    this.loader = new ActionLoader(job.vm(), source, job.invocation().workspace(), job.tempDir());
  }

  /** Runs a {@code uses} step (of the job, or nested in a composite action when {@code depth} > 0). */
  StepResult uses(Step step, StepExpressions ex, Map<String, String> stepEnv, StepLog log, String key, int depth,
      Optional<Double> timeoutMinutes) throws InterruptedException, ExpressionException {
    ActionReference ref = ActionReference.parse(ex.string(step.uses(), ExpressionScope.STEP));
    Map<String, String> with = ex.strings(step.with(), ExpressionScope.STEP_WITH);
    if (ref instanceof ActionReference.Remote r && r.isCheckout()) {
      return new CheckoutRun(job, log).run(with, stepEnv);
    }
    if (ref instanceof ActionReference.Remote r && r.owner().equalsIgnoreCase("actions") && r.path().isEmpty()
        && ArtifactRun.handles(r.repo())) {
      return new ArtifactRun(job, log).run(r.repo(), with, stepEnv);
    }
    if (ref instanceof ActionReference.Remote r && ServiceActions.needsService(r)) {
      log.error(ServiceActions.message(r));
      return StepResult.failure();
    }
    LoadedAction action;
    try {
      action = loader.load(ref);
    } catch (ActionException e) {
      log.error(e.getMessage());
      return StepResult.failure();
    }
    Map<String, String> inputs = ActionInputs.resolve(action.action(), with, ex, log);
    return switch (action.action().runs()) {
      case ActionRuns.Docker d -> {
        log.error(ActionLoader.docker("the Docker action " + ref).getMessage());
        yield StepResult.failure();
      }
      case ActionRuns.Composite c -> {
        if (depth >= CompositeRun.MAX_DEPTH) {
          log.error("Composite actions nest more than " + CompositeRun.MAX_DEPTH + " levels deep at " + ref
              + "; GitHub allows at most " + CompositeRun.MAX_DEPTH + ".");
          yield StepResult.failure();
        }
        yield new CompositeRun(job, this, log).run(action, c, inputs, stepEnv, ex, key, depth);
      }
      case ActionRuns.Node n -> {
        Map<String, String> state = states.computeIfAbsent(key, k -> new LinkedHashMap<>());
        StepResult result = new NodeRun(job, log).run(action, n, n.main().text(), inputs, stepEnv, state,
            job.limit(timeoutMinutes));
        if (n.post() != null) posts.push(new Post(key, displayName(step), action, n, inputs, stepEnv));
        yield result;
      }
    };
  }

  /** Runs the {@code pre} scripts of the job's JavaScript actions, in step order, before the first step. */
  void pre() {
    for (Step step : job.invocation().job().steps()) {
      if (step.isRun() || step.uses().hasExpressions()) continue;
      LoadedAction action;
      try {
        ActionReference ref = ActionReference.parse(step.uses().text());
        if (ref instanceof ActionReference.DockerImage || ref instanceof ActionReference.Remote r && r.isCheckout()) continue;
        action = loader.load(ref);
      } catch (ActionException | IllegalArgumentException e) {
        continue; // the step itself reports it when it runs
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (!(action.action().runs() instanceof ActionRuns.Node n) || n.pre() == null) continue;
      String condition = n.preIf() == null ? "always()" : n.preIf().text();
      job.runAdded(step.id() + "/pre", "Pre " + displayName(step), condition, (ex, log) -> {
        Map<String, String> stepEnv = ex.strings(step.env(), ExpressionScope.STEP_ENV);
        StepExpressions sx = ex.withEnv(job.env().context(stepEnv));
        Map<String, String> inputs = ActionInputs.resolve(action.action(), sx.strings(step.with(), ExpressionScope.STEP_WITH), sx, log);
        Map<String, String> state = states.computeIfAbsent(step.id(), k -> new LinkedHashMap<>());
        return new NodeRun(job, log).run(action, n, n.pre().text(), inputs, stepEnv, state, job.limit(Optional.empty()));
      });
    }
  }

  /** Runs the registered {@code post} scripts, the last registered first. */
  void post() {
    while (!posts.isEmpty()) {
      Post p = posts.pop();
      String condition = p.runs().postIf() == null ? "always()" : p.runs().postIf().text();
      job.runAdded(p.key() + "/post", "Post " + p.name(), condition, (ex, log) -> {
        Map<String, String> state = states.computeIfAbsent(p.key(), k -> new LinkedHashMap<>());
        return new NodeRun(job, log).run(p.action(), p.runs(), p.runs().post().text(), p.inputs(), p.stepEnv(), state,
            job.limit(Optional.empty()));
      });
    }
  }

  private static String displayName(Step step) {
    if (step.name() != null) return step.name().text();
    return "Run " + step.uses().text();
  }
}

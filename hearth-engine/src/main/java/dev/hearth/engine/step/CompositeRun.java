package dev.hearth.engine.step;

import dev.hearth.engine.Conclusion;
import dev.hearth.workflow.action.ActionOutput;
import dev.hearth.workflow.action.ActionRuns;
import dev.hearth.workflow.expr.ExpressionException;
import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.expr.RunStatus;
import dev.hearth.workflow.expr.Value.ObjectValue;
import dev.hearth.workflow.model.Step;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a composite action's steps inside the calling step, whose log they write to. As in GitHub's
 * runner: {@code inputs} are the action's own (shadowing any outer ones), {@code steps} holds only
 * the action's steps, the env context is the caller's (job env plus the calling step's {@code env})
 * plus each inner step's {@code env}; {@code $GITHUB_ENV} and {@code $GITHUB_PATH} written inside
 * reach the rest of the job; {@code if} status functions answer from the action's own steps (a
 * failed inner step makes {@code success()} false for the inner steps after it); the action's
 * {@code outputs} are evaluated against its steps at the end and become the calling step's outputs.
 */
final class CompositeRun {
  /** How deep composite actions may nest, as GitHub's runner allows. */
  static final int MAX_DEPTH = 10;

  private final JobRun job;
  private final JobActions actions;
  private final StepLog log;

  CompositeRun(JobRun job, JobActions actions, StepLog log) {
    this.job = job;
    this.actions = actions;
    this.log = log;
  }

  StepResult run(LoadedAction action, ActionRuns.Composite runs, Map<String, String> inputs,
      Map<String, String> callerEnv, StepExpressions caller, String key, int depth) throws InterruptedException {
    ObjectValue contexts = ActionScope.contexts(caller.jobContexts(), action, inputs);
    StepContexts steps = new StepContexts();
    StringBuilder summary = new StringBuilder();
    boolean failed = false;
    for (Step step : runs.steps()) {
      RunStatus status = job.stopping() ? RunStatus.CANCELLED : failed ? RunStatus.FAILURE : RunStatus.SUCCESS;
      StepExpressions ex = new StepExpressions(contexts, job.env().context(callerEnv), steps.value(), status,
          caller.workspace());
      StepResult result;
      boolean continueOnError = false;
      try {
        if (!ex.condition(step.condition())) {
          steps.record(step.id(), Conclusion.SKIPPED, Conclusion.SKIPPED, Map.of());
          continue;
        }
        continueOnError = ex.bool(step.continueOnError(), ExpressionScope.STEP_CONTINUE_ON_ERROR);
        Map<String, String> stepEnv = new LinkedHashMap<>(callerEnv);
        stepEnv.putAll(ex.strings(step.env(), ExpressionScope.STEP_ENV));
        StepExpressions sx = ex.withEnv(job.env().context(stepEnv));
        result = step.isRun() ? script(step, sx, stepEnv, action)
            : actions.uses(step, sx, stepEnv, log, key + "/" + step.id(), depth + 1, Optional.empty());
      } catch (ExpressionException | IllegalArgumentException e) {
        log.error(e.getMessage());
        result = StepResult.failure();
      }
      StepResult.Changes c = result.changes();
      c.env().forEach(job.env()::set);
      c.paths().forEach(job.env()::prependPath);
      if (!c.summary().isEmpty()) summary.append(c.summary());
      Conclusion outcome = result.outcome();
      Conclusion conclusion = outcome == Conclusion.FAILURE && continueOnError ? Conclusion.SUCCESS : outcome;
      steps.record(step.id(), outcome, conclusion, c.outputs());
      if (conclusion == Conclusion.FAILURE) failed = true;
      if (result.stop() != StepResult.Stop.NONE) {
        return StepResult.stopped(result.stop(), changes(Map.of(), summary));
      }
    }
    StepExpressions end = new StepExpressions(contexts, job.env().context(callerEnv), steps.value(),
        failed ? RunStatus.FAILURE : RunStatus.SUCCESS, caller.workspace());
    Map<String, String> outputs = outputs(action, end);
    return failed ? StepResult.failure(changes(outputs, summary)) : StepResult.success(changes(outputs, summary));
  }

  private static StepResult.Changes changes(Map<String, String> outputs, StringBuilder summary) {
    return new StepResult.Changes(outputs, Map.of(), java.util.List.of(), summary.toString());
  }

  private Map<String, String> outputs(LoadedAction action, StepExpressions ex) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ActionOutput o : action.action().outputs().values()) {
      try {
        String v = ex.string(o.value(), ExpressionScope.STEP);
        out.put(o.id(), v == null ? "" : v);
      } catch (ExpressionException e) {
        log.error("The output '" + o.id() + "' of " + action.action().displayName() + " could not be evaluated: "
            + e.getMessage());
      }
    }
    return out;
  }

  private StepResult script(Step step, StepExpressions ex, Map<String, String> stepEnv, LoadedAction action)
      throws ExpressionException, InterruptedException {
    String script = ex.string(step.run(), ExpressionScope.STEP_RUN);
    ShellCommand shell = ShellCommand.parse(ex.string(step.shell(), ExpressionScope.STEP));
    String dir = ex.string(step.workingDirectory(), ExpressionScope.STEP_WORKING_DIRECTORY);
    String workspace = job.invocation().workspace();
    if (dir == null || dir.isBlank()) dir = workspace;
    else if (!dir.startsWith("/")) dir = workspace + "/" + (dir.startsWith("./") ? dir.substring(2) : dir);
    Map<String, String> env = new LinkedHashMap<>(job.env().process(stepEnv));
    env.putAll(ActionScope.environment(action));
    JobRun.Limit limit = job.limit(Optional.empty());
    ScriptRequest request = new ScriptRequest(script, shell, dir, env, limit.timeout(), limit.isJobDeadline(), !job.stopping());
    StepOutput output = new StepOutput(log, job.masker(), job.commands(), job.debug(),
        "true".equalsIgnoreCase(env.get("ACTIONS_ALLOW_UNSECURE_COMMANDS")));
    return new ScriptStep(job.vm(), job.tempDir(), job.stepFilesId(), job.invocation().cancellation(), log).run(request, output);
  }
}

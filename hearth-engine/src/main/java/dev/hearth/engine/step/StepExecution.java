package dev.hearth.engine.step;

import dev.hearth.workflow.expr.ExpressionException;
import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.model.RunDefaults;
import dev.hearth.workflow.model.Step;
import dev.hearth.workflow.model.Value;
import java.util.Map;
import java.util.Optional;

/**
 * Does the work of one started step: a {@code run} step's values are evaluated (its {@code env}
 * first, against the job's env context; then {@code run}, {@code working-directory} and
 * {@code shell} against the env context including the step's own {@code env}) and the script runs
 * in the VM; a {@code uses} step goes to {@link JobActions} with its evaluated {@code env}.
 */
final class StepExecution {
  private final JobRun job;
  private final Step step;
  private final StepLog log;

  StepExecution(JobRun job, Step step, StepLog log) {
    this.job = job;
    this.step = step;
    this.log = log;
  }

  StepResult execute(StepExpressions expressions, Optional<Double> timeoutMinutes) throws InterruptedException {
    try {
      Map<String, String> stepEnv = expressions.strings(step.env(), ExpressionScope.STEP_ENV);
      StepExpressions ex = expressions.withEnv(job.env().context(stepEnv));
      if (!step.isRun()) return job.actions().uses(step, ex, stepEnv, log, step.id(), 0, timeoutMinutes);
      String script = ex.string(step.run(), ExpressionScope.STEP_RUN);
      String dir = workingDirectory(ex);
      ShellCommand shell = ShellCommand.parse(shell(ex));
      Map<String, String> env = job.env().process(stepEnv);
      JobRun.Limit limit = job.limit(timeoutMinutes);
      ScriptRequest request = new ScriptRequest(script, shell, dir, env, limit.timeout(), limit.isJobDeadline(),
          !job.stopping());
      StepOutput output = new StepOutput(log, job.masker(), job.commands(), job.debug(),
          "true".equalsIgnoreCase(env.get("ACTIONS_ALLOW_UNSECURE_COMMANDS")));
      return new ScriptStep(job.vm(), job.tempDir(), job.stepFilesId(), job.invocation().cancellation(), log).run(request, output);
    } catch (ExpressionException e) {
      log.error(e.getMessage());
      return StepResult.failure();
    } catch (IllegalArgumentException e) {
      log.error(e.getMessage());
      return StepResult.failure();
    }
  }

  private String workingDirectory(StepExpressions ex) throws ExpressionException {
    String dir = ex.string(step.workingDirectory(), ExpressionScope.STEP_WORKING_DIRECTORY);
    if (dir == null) dir = fromDefaults(ex, job.invocation().job().defaults(), true);
    if (dir == null) dir = fromDefaults(ex, job.invocation().workflow().defaults(), true);
    String workspace = job.invocation().workspace();
    if (dir == null || dir.isBlank()) return workspace;
    if (dir.startsWith("/")) return dir;
    return workspace + "/" + (dir.startsWith("./") ? dir.substring(2) : dir);
  }

  private String shell(StepExpressions ex) throws ExpressionException {
    String shell = ex.string(step.shell(), ExpressionScope.STEP);
    if (shell == null) shell = fromDefaults(ex, job.invocation().job().defaults(), false);
    if (shell == null) shell = fromDefaults(ex, job.invocation().workflow().defaults(), false);
    return shell;
  }

  /** {@code defaults.run.working-directory} or {@code .shell}, each key on its own (job before workflow). */
  private static String fromDefaults(StepExpressions ex, RunDefaults defaults, boolean dir) throws ExpressionException {
    if (defaults == null) return null;
    Value v = dir ? defaults.workingDirectory() : defaults.shell();
    return ex.string(v, ExpressionScope.JOB_DEFAULTS_RUN);
  }
}

package dev.hearth.engine.step;

import dev.hearth.engine.Cancellation;
import dev.hearth.workflow.expr.Value.ObjectValue;
import dev.hearth.workflow.model.Job;
import dev.hearth.workflow.model.Workflow;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link JobRunner} needs to run one job leg's steps; the executor builds it.
 *
 * @param runId the run
 * @param jobId the leg's id as users see it ({@code build} or {@code build (a, 1)})
 * @param workflow the workflow (for workflow-level {@code env} and {@code defaults})
 * @param job the job (steps, job {@code env}, {@code defaults}, {@code outputs})
 * @param contexts the expression contexts known when the job starts: github, vars, secrets, inputs,
 *     needs, matrix, strategy, runner, job ({@code env} and {@code steps} are added per step)
 * @param baseEnv GitHub's default variables for this job (CI, GITHUB_*, RUNNER_*), paths inside the
 *     VM; {@code PATH} is the steps' starting PATH and {@code RUNNER_TEMP}, when given, the directory
 *     for scripts and file-command files (else {@code <vm.workDir()>/_temp})
 * @param secrets every secret value, for masking
 * @param workspace {@code $GITHUB_WORKSPACE} inside the VM; relative working directories start here
 * @param deadline when the job's {@code timeout-minutes} ends
 * @param cancellation the job's cancellation (Ctrl-C, fail-fast, job timeout with reason TIMED_OUT)
 * @param masker the run's masker, shared by all its jobs so that {@code ::add-mask::} in one job
 *     hides the value in later jobs too; the runner adds {@code secrets} to it
 */
public record JobInvocation(
    String runId,
    String jobId,
    Workflow workflow,
    Job job,
    ObjectValue contexts,
    Map<String, String> baseEnv,
    Map<String, String> secrets,
    String workspace,
    Instant deadline,
    Cancellation cancellation,
    Masker masker) {

  public JobInvocation {
    baseEnv = Map.copyOf(baseEnv);
    secrets = Map.copyOf(secrets);
    Objects.requireNonNull(masker, "masker");
  }

  /** An invocation with a masker of its own (holding only this job's secrets). */
  public JobInvocation(String runId, String jobId, Workflow workflow, Job job, ObjectValue contexts,
      Map<String, String> baseEnv, Map<String, String> secrets, String workspace, Instant deadline,
      Cancellation cancellation) {
    this(runId, jobId, workflow, job, contexts, baseEnv, secrets, workspace, deadline, cancellation,
        Masker.of(secrets.values()));
  }
}

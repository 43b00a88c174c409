package dev.hearth.engine.step;

import dev.hearth.engine.Cancellation;
import dev.hearth.workflow.expr.Value.ObjectValue;
import dev.hearth.workflow.model.Job;
import dev.hearth.workflow.model.Workflow;
import java.time.Instant;
import java.util.Map;

/**
 * Everything {@link JobRunner} needs to run one job leg's steps. SKELETON: the step-semantics work
 * may add fields; the executor builds it.
 *
 * @param runId the run
 * @param jobId the leg's id as users see it ({@code build} or {@code build (a, 1)})
 * @param workflow the workflow (for workflow-level {@code env} and {@code defaults})
 * @param job the job (steps, job {@code env}, {@code defaults}, {@code outputs})
 * @param contexts the expression contexts known when the job starts: github, vars, secrets, inputs,
 *     needs, matrix, strategy, runner, job
 * @param baseEnv GitHub's default variables for this job (CI, GITHUB_*, RUNNER_*), paths inside the VM
 * @param secrets every secret value, for masking
 * @param workspace {@code $GITHUB_WORKSPACE} inside the VM
 * @param deadline when the job's {@code timeout-minutes} ends
 * @param cancellation the job's cancellation (Ctrl-C, fail-fast, job timeout with reason TIMED_OUT)
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
    Cancellation cancellation) {}

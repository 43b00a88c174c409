/**
 * One job leg's steps, run as GitHub's runner runs them: {@link dev.hearth.engine.step.JobRunner}
 * takes a {@link dev.hearth.engine.step.JobInvocation} and a VM and returns a
 * {@link dev.hearth.engine.step.JobOutcome}.
 *
 * <h2>Contract with the executor</h2>
 * <ul>
 *   <li>Events: {@code StepStarted}, {@code LogLine}, {@code Annotation}, {@code StepFinished} for
 *       every step (a step whose {@code if} is false is started and finished as SKIPPED with no
 *       lines); a step that wrote to {@code $GITHUB_STEP_SUMMARY} also gets one {@code StepSummary},
 *       just before its {@code StepFinished}. Lines about the job itself (a job output dropped for holding a secret, the job
 *       timeout) have a null step id. Every text is masked.
 *   <li>Log markers are GitHub's raw ones, for printers to render or fold: {@code ##[group]name},
 *       {@code ##[endgroup]}, {@code ##[error]…}, {@code ##[warning]…}, {@code ##[notice]…},
 *       {@code ##[debug]…}. Stream {@code hearth} carries lines Hearth writes (the "Run …" header
 *       group, errors); {@code stdout}/{@code stderr} the script's own.
 *   <li>Masking: one {@link dev.hearth.engine.step.Masker} per run, passed in every job's
 *       invocation, so a value masked in one job stays hidden in later jobs.
 *   <li>Files in the VM: scripts and file-command files live under {@code RUNNER_TEMP} from the
 *       base env (else {@code <vm.workDir()>/_temp}), named as GitHub's runner names them:
 *       {@code <uuid>.sh} and {@code _runner_file_commands/<command>_<uuid>} for {@code set_env},
 *       {@code set_output}, {@code save_state}, {@code add_path} and {@code step_summary}. The step's
 *       one exec makes them; they are read back with {@code Vm.copyOut}.
 *   <li>Actions ({@code uses}): {@code JobActions} runs them (composite
 *       actions inside the calling step and its log, JavaScript actions with the VM's node,
 *       {@code actions/checkout} natively); JavaScript actions' {@code pre} and {@code post} scripts
 *       are extra steps with ids {@code <step>/pre} and {@code <step>/post}, before the first and
 *       after the last step, reported like steps but absent from the {@code steps} context. Remote
 *       actions come from the {@link dev.hearth.engine.action.ActionSource} given to the runner,
 *       never the network; their files are copied to {@code RUNNER_TEMP/_actions}. See docs/actions.md.
 *   <li>Time: the job {@code deadline} caps every step; when it passes, the running step is
 *       stopped and the job fails. After a cancellation or timeout, steps whose {@code if} allows
 *       it ({@code always()}, {@code cancelled()}) still run, bounded by
 *       {@code cancel-timeout-minutes} (default 5) and no longer interruptible by the cancellation.
 * </ul>
 */
package dev.hearth.engine.step;

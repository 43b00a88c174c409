package dev.hearth.engine.step;

import java.time.Duration;
import java.util.Map;

/**
 * A {@code run} step with every expression evaluated: what {@link ScriptStep} runs.
 *
 * @param script the script text
 * @param shell how to start it
 * @param workingDirectory an absolute directory in the VM
 * @param env the step's complete process environment (file-command variables are added later)
 * @param timeout how long the script may run
 * @param limitIsJobDeadline true when {@code timeout} is what is left of the job's time rather than
 *     the step's own {@code timeout-minutes}
 * @param interruptible false for steps that run after the job was cancelled ({@code always()}):
 *     they are bounded by {@code timeout} only
 */
record ScriptRequest(String script, ShellCommand shell, String workingDirectory, Map<String, String> env,
    Duration timeout, boolean limitIsJobDeadline, boolean interruptible) {}

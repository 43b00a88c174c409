package dev.hearth.engine.step;

import dev.hearth.engine.Cancellation;
import dev.hearth.engine.step.StepResult.Changes;
import dev.hearth.engine.step.StepResult.Stop;
import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs one {@code run} script in the VM as GitHub's runner does: the script goes to a file in the
 * runner's temp directory, fresh file-command files are made for the step, the shell runs the file,
 * and the file commands are read back afterwards.
 *
 * <p>Layout under {@code tempDir} ({@code $RUNNER_TEMP}): {@code <uuid><ext>} is the script,
 * {@code _runner_file_commands/<uuid>/} holds {@code set_env}, {@code set_output},
 * {@code save_state}, {@code add_path} and {@code step_summary}.
 */
final class ScriptStep {
  private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(1);
  private static final String SETUP = """
      set -e
      mkdir -p "$1"
      cd "$1"
      : > set_env; : > set_output; : > save_state; : > add_path; : > step_summary
      cat > "$2"
      for p in "$3" "$4"; do
        if [ -n "$p" ] && command -v "$p" >/dev/null 2>&1; then echo "found:$p"; fi
      done
      """;

  private final Vm vm;
  private final String tempDir;
  private final Cancellation cancellation;
  private final StepLog log;

  ScriptStep(Vm vm, String tempDir, Cancellation cancellation, StepLog log) {
    this.vm = vm;
    this.tempDir = tempDir;
    this.cancellation = cancellation;
    this.log = log;
  }

  StepResult run(ScriptRequest request, StepOutput output) throws InterruptedException {
    String id = UUID.randomUUID().toString();
    String dir = tempDir + "/_runner_file_commands/" + id;
    ShellCommand shell = request.shell();
    String scriptPath = tempDir + "/" + id + shell.extension(); // a fallback shell has the same extension
    ExecResult result;
    try {
      List<String> found = setUp(request, dir, scriptPath);
      shell = choose(shell, found);
      if (shell == null) return StepResult.failure();
      header(request, shell);
      result = exec(new ExecRequest(shell.argv(scriptPath), withFileCommands(request.env(), dir),
          request.workingDirectory(), request.timeout()), output, request.interruptible());
    } catch (InterruptedException e) {
      return stopped(output, dir);
    } catch (VmException e) {
      log.error(e.getMessage());
      return StepResult.failure(new FileCommandReader(vm, log).read(dir, output));
    }
    Changes changes = new FileCommandReader(vm, log).read(dir, output);
    return conclude(request, result, output, changes);
  }

  private StepResult conclude(ScriptRequest request, ExecResult result, StepOutput output, Changes changes) {
    if (result.timedOut()) {
      if (request.limitIsJobDeadline()) return StepResult.stopped(Stop.JOB_TIMED_OUT, changes);
      log.error("The action has timed out.");
      return StepResult.failure(changes);
    }
    if (result.exitCode() != 0) {
      log.error("Process completed with exit code " + result.exitCode() + ".");
      return StepResult.failure(changes);
    }
    if (output.failed) return StepResult.failure(changes);
    return StepResult.success(changes);
  }

  private StepResult stopped(StepOutput output, String dir) throws InterruptedException {
    Stop why = cancellation.reason()
        .map(r -> r == Cancellation.Reason.TIMED_OUT ? Stop.JOB_TIMED_OUT : Stop.CANCELLED)
        .orElse(Stop.INTERRUPTED);
    if (why == Stop.INTERRUPTED) return StepResult.stopped(why, Changes.NONE);
    if (why == Stop.CANCELLED) log.error("The operation was canceled.");
    return StepResult.stopped(why, new FileCommandReader(vm, log).read(dir, output));
  }

  /** Makes the step's files and writes the script; returns the programs found on PATH. */
  private List<String> setUp(ScriptRequest request, String dir, String script) throws VmException, InterruptedException {
    ShellCommand shell = request.shell();
    String fallback = shell.fallback() == null ? "" : shell.fallback().program();
    List<String> argv = List.of("sh", "-c", SETUP, "hearth-step-setup", dir, script, shell.program(), fallback);
    List<String> found = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    OutputSink sink = new OutputSink() {
      @Override public synchronized void stdout(String line) {
        if (line.startsWith("found:")) found.add(line.substring(6));
      }

      @Override public synchronized void stderr(String line) {
        errors.add(line);
      }
    };
    Map<String, String> env = Map.of("PATH", request.env().getOrDefault("PATH", "/usr/bin:/bin"));
    byte[] stdin = request.script().getBytes(StandardCharsets.UTF_8);
    ExecResult r = exec(new ExecRequest(argv, env, vm.workDir(), SETUP_TIMEOUT, stdin), sink, request.interruptible());
    if (!r.succeeded()) throw new VmException("could not write the step's script under " + tempDir + ": " + String.join("; ", errors));
    return found;
  }

  /** The shell to run, its fallback when the program is missing, or null (logged) when neither is found. */
  private ShellCommand choose(ShellCommand shell, List<String> found) {
    if (found.contains(shell.program())) return shell;
    if (shell.fallback() != null && found.contains(shell.fallback().program())) return shell.fallback();
    log.error("The shell '" + shell.program() + "' was not found on the step's PATH in the VM"
        + (shell.fallback() == null ? "" : " (nor '" + shell.fallback().program() + "')")
        + "; install it in the VM image or choose another 'shell'.");
    return null;
  }

  /** GitHub's "Run …" group: the script, the shell and the step's env. */
  private void header(ScriptRequest request, ShellCommand shell) {
    String[] lines = request.script().strip().split("\n");
    log.info("##[group]Run " + lines[0]);
    for (String line : lines) log.info(line);
    log.info("shell: " + shell.describe());
    log.info("##[endgroup]");
  }

  private ExecResult exec(ExecRequest request, OutputSink sink, boolean interruptible) throws VmException, InterruptedException {
    if (!interruptible) return vm.exec(request, sink);
    try {
      return cancellation.interruptibly(() -> vm.exec(request, sink));
    } catch (VmException | InterruptedException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new VmException("exec failed in vm=" + vm.id() + ": " + e, e);
    }
  }

  static Map<String, String> withFileCommands(Map<String, String> env, String dir) {
    Map<String, String> out = new LinkedHashMap<>(env);
    out.put("GITHUB_ENV", dir + "/set_env");
    out.put("GITHUB_OUTPUT", dir + "/set_output");
    out.put("GITHUB_STATE", dir + "/save_state");
    out.put("GITHUB_PATH", dir + "/add_path");
    out.put("GITHUB_STEP_SUMMARY", dir + "/step_summary");
    return out;
  }
}

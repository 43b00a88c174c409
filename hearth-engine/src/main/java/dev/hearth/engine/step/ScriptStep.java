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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs one {@code run} script in the VM as GitHub's runner does: the script goes to a file in the
 * runner's temp directory, fresh file-command files are made for the step, the shell runs the file,
 * and the file commands are read back afterwards. All of that is one exec: a small {@code sh}
 * launcher makes the files, writes the script from its standard input, finds the shell on the
 * step's {@code PATH} (or its {@linkplain ShellCommand#fallback() fallback}) and {@code exec}s it.
 *
 * <p>Layout under {@code tempDir} ({@code $RUNNER_TEMP}): {@code <uuid><ext>} is the script,
 * {@code _runner_file_commands/<uuid>/} holds {@code set_env}, {@code set_output},
 * {@code save_state}, {@code add_path} and {@code step_summary}.
 */
final class ScriptStep {
  private static final String MISSING = "::hearth-shell-missing::";
  private static final String FALLBACK = "::hearth-shell-fallback::";
  private static final String PREPARE = """
      set -e
      (mkdir -p "$1" && cd "$1" && : > set_env && : > set_output && : > save_state && : > add_path && : > step_summary)
      cat > "$2"
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
    String scriptPath = tempDir + "/" + id + shell.extension(); // the fallback shell has the same extension
    header(request, shell);
    Launch launch = new Launch(output, shell.program());
    ExecResult result;
    try {
      result = exec(launchRequest(request, dir, scriptPath), launch, request.interruptible());
    } catch (InterruptedException e) {
      return stopped();
    } catch (VmException e) {
      log.error(e.getMessage());
      return StepResult.failure();
    }
    if (result.exitCode() == 127 && launch.missing != null) {
      log.error("The shell '" + launch.missing + "' was not found on the step's PATH in the VM"
          + (shell.fallback() == null ? "" : " (nor '" + shell.fallback().program() + "')")
          + "; install it in the VM image or choose another 'shell'.");
      return StepResult.failure();
    }
    Changes changes = new FileCommandReader(vm, log).read(dir, output);
    return conclude(request, result, output, changes);
  }

  private ExecRequest launchRequest(ScriptRequest request, String dir, String scriptPath) {
    ShellCommand shell = request.shell();
    List<String> argv = List.of("sh", "-c", PREPARE + launcher(shell, scriptPath), "hearth-step", dir, scriptPath);
    byte[] stdin = shell.fileContent(request.script()).getBytes(StandardCharsets.UTF_8);
    return new ExecRequest(argv, withFileCommands(request.env(), dir), request.workingDirectory(), request.timeout(), stdin);
  }

  /**
   * The {@code sh} lines that start the shell, or its fallback, on the step's {@code PATH}; found
   * with the {@code command -v} builtin, so no process but the shell itself is started. Tells
   * {@link Launch} on stderr which one ran, or that none was found (exit 127).
   */
  static String launcher(ShellCommand shell, String scriptPath) {
    StringBuilder b = new StringBuilder();
    for (ShellCommand s = shell; s != null; s = s.fallback()) {
      String note = s == shell ? "" : "echo " + quote(FALLBACK + s.program()) + " >&2; ";
      b.append("if command -v ").append(quote(s.program())).append(" >/dev/null 2>&1; then ").append(note)
          .append("exec");
      for (String word : s.argv(scriptPath)) b.append(' ').append(quote(word));
      b.append("; fi\n");
    }
    return b.append("echo ").append(quote(MISSING + shell.program())).append(" >&2\nexit 127\n").toString();
  }

  /** {@code word} as one {@code sh} word, taken literally. */
  private static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /**
   * The step's output, minus the launcher's own note about the shell it found: the first stderr line
   * when it is a marker (stderr is in order; stdout may overtake it, so it does not count).
   */
  private final class Launch implements OutputSink {
    private final StepOutput output;
    private final String program;
    private boolean launched; // stderr calls come from one thread at a time
    volatile String missing;

    Launch(StepOutput output, String program) {
      this.output = output;
      this.program = program;
    }

    @Override
    public void stdout(String line) {
      output.stdout(line);
    }

    @Override
    public void stderr(String line) {
      if (!launched && line.startsWith(FALLBACK)) {
        log.info("'" + line.substring(FALLBACK.length()) + "' runs the script: " + program + " is not installed in the VM");
        launched = true;
      } else if (!launched && line.startsWith(MISSING)) {
        missing = line.substring(MISSING.length());
      } else {
        launched = true;
        output.stderr(line);
      }
    }
  }

  private StepResult conclude(ScriptRequest request, ExecResult result, StepOutput output, Changes changes) {
    if (result.timedOut()) {
      if (request.limitIsJobDeadline()) {
        log.error("The operation was canceled.");
        return StepResult.stopped(Stop.JOB_TIMED_OUT, changes);
      }
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

  private StepResult stopped() {
    Stop why = cancellation.reason()
        .map(r -> r == Cancellation.Reason.TIMED_OUT ? Stop.JOB_TIMED_OUT : Stop.CANCELLED)
        .orElse(Stop.INTERRUPTED);
    if (why == Stop.INTERRUPTED) return StepResult.stopped(why, Changes.NONE);
    log.error("The operation was canceled.");
    return StepResult.stopped(why, Changes.NONE); // what a stopped script half-wrote is not applied
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

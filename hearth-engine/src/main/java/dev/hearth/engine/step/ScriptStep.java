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
import java.util.List;

/**
 * Runs one {@code run} script in the VM as GitHub's runner does: the script goes to a file in the
 * runner's temp directory, fresh file-command files are made for the step, the shell runs the file,
 * and the file commands are read back afterwards (see {@link StepFiles} for the names).
 *
 * <p>All of that is one exec, and cheap: a small {@code sh} launcher creates the empty file-command
 * files with redirections, writes the script from its standard input, finds the shell on the
 * step's {@code PATH} (or its {@linkplain ShellCommand#fallback() fallback}) with the
 * {@code command -v} builtin and {@code exec}s it. Only builtins run in {@code sh}, so the shell
 * is the one process started, except a {@code mkdir} on a job's first step and a {@code cat} for
 * scripts above {@link #SMALL_SCRIPT} bytes, which {@code read} would take byte by byte. (Making
 * the files with {@code Vm.copyIn} instead was measured slower on the host provider: a copy costs
 * a dozen file-system calls per file, more than {@code sh} needs to create it.)
 */
final class ScriptStep {
  private static final String MISSING = "::hearth-shell-missing::";
  private static final String FALLBACK = "::hearth-shell-fallback::";
  /** Scripts up to this size are written by {@code sh} builtins; larger ones by {@code cat}. */
  static final int SMALL_SCRIPT = 2048;

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
    ShellCommand shell = request.shell();
    StepFiles files = StepFiles.fresh(tempDir, shell.extension()); // the fallback has the same extension
    header(request, shell);
    Launch launch = new Launch(output, shell.program());
    ExecResult result;
    try {
      result = exec(launchRequest(request, files), launch, request.interruptible());
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
    Changes changes = new FileCommandReader(vm, log, request.interruptible() ? cancellation : null).read(files, output);
    return conclude(request, result, output, changes);
  }

  private ExecRequest launchRequest(ScriptRequest request, StepFiles files) {
    byte[] script = request.shell().fileContent(request.script()).getBytes(StandardCharsets.UTF_8);
    List<String> argv = List.of("sh", "-c", launcher(request.shell(), files, script.length), "hearth-step");
    return new ExecRequest(argv, files.withVariables(request.env()), request.workingDirectory(), request.timeout(), script);
  }

  /**
   * The launcher: {@code sh} that makes the step's files, then starts the shell, or its fallback,
   * found on the step's {@code PATH}. Tells {@link Launch} on stderr which one ran, or that none was
   * found (exit 127). Every path is a literal, quoted.
   */
  static String launcher(ShellCommand shell, StepFiles files, int scriptBytes) {
    StringBuilder b = new StringBuilder("set -e\n");
    String dir = quote(files.commandDir());
    b.append("[ -d ").append(dir).append(" ] || mkdir -p ").append(dir).append('\n');
    for (String command : StepFiles.COMMANDS) b.append(": > ").append(quote(files.command(command))).append('\n');
    String script = quote(files.script());
    if (scriptBytes <= SMALL_SCRIPT) { // the last line may lack its newline
      b.append("{ while IFS= read -r l; do printf '%s\\n' \"$l\"; done; [ -z \"$l\" ] || printf %s \"$l\"; } > ")
          .append(script).append('\n');
    } else {
      b.append("cat > ").append(script).append('\n');
    }
    for (ShellCommand s = shell; s != null; s = s.fallback()) {
      String note = s == shell ? "" : "echo " + quote(FALLBACK + s.program()) + " >&2; ";
      b.append("if command -v ").append(quote(s.program())).append(" >/dev/null 2>&1; then ").append(note)
          .append("exec");
      for (String word : s.argv(files.script())) b.append(' ').append(quote(word));
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
}

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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs one {@code run} script in the VM as GitHub's runner does: the script goes to a file in the
 * runner's temp directory, the file-command files are made (or emptied) for the step, the shell runs
 * the file, and the file commands are read back afterwards (see {@link StepFiles} for the names).
 *
 * <p>All of that is one exec, and cheap: a small {@code sh} launcher empties the file-command files
 * with redirections (creating them on a job leg's first step), writes the script (given as its argument, or on standard input above
 * {@link #ARGUMENT_SCRIPT} bytes), finds the shell on the step's {@code PATH} (or its
 * {@linkplain ShellCommand#fallback() fallback}) with the {@code command -v} builtin and runs it.
 * When the shell has exited, the launcher names the file-command files the script wrote to in a
 * last stderr line, so only those are copied out of the VM: a step that writes none costs no copy
 * at all. Only builtins run in {@code sh}, so the shell is the one program started, except a
 * {@code mkdir} on a job's first step and a {@code cat} for large scripts. (Making the files with
 * {@code Vm.copyIn} instead was measured slower on the host provider: a copy costs a dozen
 * file-system calls per file, more than {@code sh} needs to create it; copying all five back after
 * every step cost about as much as the step's own process.)
 */
final class ScriptStep {
  private static final String MISSING = "::hearth-shell-missing::";
  private static final String FALLBACK = "::hearth-shell-fallback::";
  /** The last stderr line starts with this and the step's id, then names the written file commands. */
  private static final String WRITTEN = "::hearth-file-commands-";
  /**
   * Scripts up to this many bytes (and without NUL characters) are the launcher's argument, written
   * by the {@code printf} builtin; larger ones come on standard input and are written by {@code cat}.
   * Well below Linux's limit for one argument (128 KiB).
   */
  static final int ARGUMENT_SCRIPT = 32 * 1024;

  private final Vm vm;
  private final String tempDir;
  private final String filesId;
  private final Cancellation cancellation;
  private final StepLog log;

  /** A step with files of its own. */
  ScriptStep(Vm vm, String tempDir, Cancellation cancellation, StepLog log) {
    this(vm, tempDir, StepFiles.newId(), cancellation, log);
  }

  /** A step of a job leg whose steps share {@code filesId} (see {@link StepFiles}). */
  ScriptStep(Vm vm, String tempDir, String filesId, Cancellation cancellation, StepLog log) {
    this.vm = vm;
    this.tempDir = tempDir;
    this.filesId = filesId;
    this.cancellation = cancellation;
    this.log = log;
  }

  StepResult run(ScriptRequest request, StepOutput output) throws InterruptedException {
    ShellCommand shell = request.shell();
    StepFiles files = new StepFiles(tempDir, filesId, shell.extension()); // the fallback has the same extension
    header(request, shell);
    Launch launch = new Launch(output, shell.program(), WRITTEN + files.id() + "::");
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
    Changes changes = new FileCommandReader(vm, log, request.interruptible() ? cancellation : null)
        .read(files, launch.written, output);
    return conclude(request, result, output, changes);
  }

  private ExecRequest launchRequest(ScriptRequest request, StepFiles files) {
    String content = request.shell().fileContent(request.script());
    byte[] script = content.getBytes(StandardCharsets.UTF_8);
    boolean argument = script.length <= ARGUMENT_SCRIPT && content.indexOf('\0') < 0;
    String launcher = Launchers.of(request.shell(), files, argument);
    List<String> argv = argument ? List.of("sh", "-c", launcher, "hearth-step", content) : List.of("sh", "-c", launcher, "hearth-step");
    return new ExecRequest(argv, files.withVariables(request.env()), request.workingDirectory(), request.timeout(),
        argument ? new byte[0] : script);
  }

  /**
   * The launcher: {@code sh} that makes the step's files, starts the shell, or its fallback, found on
   * the step's {@code PATH}, and finally names the file-command files that are not empty. Tells
   * {@link Launch} on stderr which shell ran, or that none was found (exit 127), and which files
   * were written. Exits with the shell's status. Every path is a literal, quoted.
   *
   * @param argument true when the script is the launcher's first argument, false when it comes on
   *     standard input
   */
  static String launcher(ShellCommand shell, StepFiles files, boolean argument) {
    StringBuilder b = new StringBuilder("set -e\n");
    String dir = quote(files.commandDir());
    b.append("[ -d ").append(dir).append(" ] || mkdir -p ").append(dir).append('\n');
    for (String command : StepFiles.COMMANDS) b.append(": > ").append(quote(files.command(command))).append('\n');
    String script = quote(files.script());
    b.append(argument ? "printf %s \"$1\" > " : "cat > ").append(script).append("\nset +e\n");
    for (ShellCommand s = shell; s != null; s = s.fallback()) {
      String note = s == shell ? "" : "echo " + quote(FALLBACK + s.program()) + " >&2; ";
      b.append(s == shell ? "if" : "elif").append(" command -v ").append(quote(s.program()))
          .append(" >/dev/null 2>&1; then ").append(note);
      for (String word : s.argv(files.script())) b.append(quote(word)).append(' ');
      b.append('\n');
    }
    b.append("else echo ").append(quote(MISSING + shell.program())).append(" >&2; exit 127\nfi\n");
    b.append("s=$?\nw=\n");
    for (String command : StepFiles.COMMANDS) {
      b.append("[ ! -s ").append(quote(files.command(command))).append(" ] || w=\"$w ").append(command).append("\"\n");
    }
    return b.append("echo \"").append(WRITTEN).append(files.id()).append("::$w\" >&2\nexit $s\n").toString();
  }

  /** {@code word} as one {@code sh} word, taken literally. */
  private static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /**
   * The step's output, minus the launcher's own notes: about the shell it found, in the first stderr
   * line when it is a marker (stderr is in order; stdout may overtake it, so it does not count), and
   * the file commands written, in the last.
   */
  private final class Launch implements OutputSink {
    private final StepOutput output;
    private final String program;
    private final String writtenMarker;
    private boolean launched; // stderr calls come from one thread at a time
    volatile String missing;
    /** The file commands the script wrote to, once the launcher reported them; null until then. */
    volatile Set<String> written;

    Launch(StepOutput output, String program, String writtenMarker) {
      this.output = output;
      this.program = program;
      this.writtenMarker = writtenMarker;
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
      } else if (line.startsWith(writtenMarker)) {
        Set<String> names = new HashSet<>(List.of(line.substring(writtenMarker.length()).strip().split(" +")));
        names.retainAll(StepFiles.COMMANDS);
        written = names;
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

package dev.hearth.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares a VM for a run and cleans it afterwards, each with exactly one {@code exec} (setup also
 * copies the repository in): the exec-count promise ("setup + one per step + cleanup") depends on it.
 *
 * <p>Setup copies the repository directory whole into {@code <workDir>/workspace}, {@code .git}
 * included (so git commands work; uncommitted changes come along, as in {@code act}), then in one
 * shell creates temp, tool cache and home, writes the event payload (given on standard input) to
 * {@code <workDir>/event.json} and marks the workspace a git safe directory. Cleanup removes
 * {@code $RUNNER_TEMP}; the VM's release removes everything else.
 */
final class RunSetup {
  private static final Logger LOG = LoggerFactory.getLogger(RunSetup.class);
  static final Duration SETUP_TIMEOUT = Duration.ofMinutes(10);
  static final Duration CLEANUP_TIMEOUT = Duration.ofMinutes(2);
  static final String SETUP_STEP = "(setup)";
  static final String CLEANUP_STEP = "(cleanup)";

  private static final String SETUP_SCRIPT = String.join("\n",
      "set -e",
      "mkdir -p \"$1\" \"$2\" \"$3\" \"$4\"",
      "cat > \"$5\"",
      "if command -v git >/dev/null 2>&1; then git config --global --add safe.directory \"$1\" || true; fi");
  private static final String CLEANUP_SCRIPT = "rm -rf \"$1\" || true";

  /** Setup did not complete; its message is for the run's log. */
  static final class SetupException extends Exception {
    private static final long serialVersionUID = 1L;

    SetupException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final Clock clock;

  RunSetup(Clock clock) {
    this.clock = clock;
  }

  /** Lays out {@code vm} for the run: the one setup exec, after copying the repository in. */
  VmLayout prepare(Vm vm, Path repository, JsonNode payload, RunListener out, String runId, String jobId)
      throws SetupException, InterruptedException {
    VmLayout layout = VmLayout.under(vm.workDir());
    try {
      if (repository != null) vm.copyIn(repository, layout.workspace());
      byte[] event = json(payload).getBytes(StandardCharsets.UTF_8);
      ExecRequest req = new ExecRequest(
          List.of("sh", "-c", SETUP_SCRIPT, "hearth-setup", layout.workspace(), layout.temp(), layout.toolCache(),
              layout.home(), layout.eventPath()),
          baseEnv(layout), layout.workDir(), SETUP_TIMEOUT, event);
      ExecResult result = vm.exec(req, sink(out, runId, jobId, SETUP_STEP));
      if (!result.succeeded()) {
        throw new SetupException("setting up vm " + vm.id() + " failed: the setup script "
            + (result.timedOut() ? "timed out" : "exited with " + result.exitCode()), null);
      }
      return layout;
    } catch (VmException | RuntimeException e) {
      throw new SetupException("setting up vm " + vm.id() + " failed: " + e.getMessage(), e);
    }
  }

  /** The one cleanup exec; never throws (what fails is logged), also when setup never completed. */
  void cleanup(Vm vm, RunListener out, String runId, String jobId) {
    VmLayout layout = VmLayout.under(vm.workDir());
    boolean interrupted = Thread.interrupted(); // a cancel that hit the run must not stop its cleanup
    try {
      ExecRequest req = new ExecRequest(List.of("sh", "-c", CLEANUP_SCRIPT, "hearth-cleanup", layout.temp()),
          baseEnv(layout), layout.workDir(), CLEANUP_TIMEOUT);
      ExecResult result = vm.exec(req, sink(out, runId, jobId, CLEANUP_STEP));
      if (!result.succeeded()) LOG.warn("vm={} run={} cleanup exited with {}", vm.id(), runId, result.exitCode());
    } catch (VmException | RuntimeException e) {
      LOG.warn("vm={} run={} cleanup failed: {}", vm.id(), runId, e.toString());
    } catch (InterruptedException e) {
      interrupted = true;
      LOG.warn("vm={} run={} cleanup interrupted", vm.id(), runId);
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  private static Map<String, String> baseEnv(VmLayout layout) {
    return Map.of("PATH", DefaultEnvironment.PATH, "HOME", layout.home(), "LANG", "C.UTF-8");
  }

  private static String json(JsonNode payload) {
    return payload == null || payload.isMissingNode() || payload.isNull() ? "{}" : payload.toString();
  }

  private OutputSink sink(RunListener out, String runId, String jobId, String step) {
    return new OutputSink() {
      @Override
      public void stdout(String line) {
        out.on(new RunEvent.LogLine(runId, jobId, step, "stdout", line, clock.instant()));
      }

      @Override
      public void stderr(String line) {
        out.on(new RunEvent.LogLine(runId, jobId, step, "stderr", line, clock.instant()));
      }
    };
  }
}

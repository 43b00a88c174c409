package dev.hearth.vm.pool;

import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Whether a VM still runs commands: {@code true} in its work directory, within a short timeout. */
final class HealthCheck {
  private static final Map<String, String> ENV = Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");

  private HealthCheck() {}

  /** Empty when {@code vm} ran the check; else why it did not, for a log line. */
  static Optional<String> failure(Vm vm, Duration timeout) throws InterruptedException {
    try {
      ExecResult result = vm.exec(new ExecRequest(List.of("true"), ENV, vm.workDir(), timeout), OutputSink.NONE);
      if (result.timedOut()) return Optional.of("'true' did not finish within " + timeout.toMillis() + "ms");
      if (result.exitCode() != 0) return Optional.of("'true' exited with " + result.exitCode());
      return Optional.empty();
    } catch (VmException | RuntimeException e) {
      return Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }
}

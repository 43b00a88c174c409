package dev.hearth.vm.gvisor;

import dev.hearth.vm.VmException;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Deletes a sandbox when this JVM dies without releasing it: runsc sandboxes are daemons that would
 * otherwise outlive a crashed or killed Hearth. A shell waits on a pipe from this JVM and, when the
 * pipe ends (the JVM is gone), runs {@code runsc delete --force}. A normal release disarms it first.
 */
final class Watchdog {
  private final Process shell;

  private Watchdog(Process shell) {
    this.shell = shell;
  }

  static Watchdog arm(String vm, List<String> deleteCommand) throws VmException {
    List<String> command = new ArrayList<>(List.of("sh", "-c", "read _ || exec \"$@\" >/dev/null 2>&1", "sh"));
    command.addAll(deleteCommand);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(new File("/dev/null"));
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    try {
      return new Watchdog(builder.start()); // stdin stays a pipe this JVM never writes
    } catch (IOException e) {
      throw new VmException("vm=" + vm + ": cannot start the sandbox's watchdog: " + e.getMessage(), e);
    }
  }

  /** Ends the pipe as the JVM's death would: the watchdog runs its command. For tests. */
  void ownerGone() throws IOException {
    shell.getOutputStream().close();
  }

  /** Stops watching without deleting; idempotent. */
  void disarm() {
    shell.destroyForcibly();
    try {
      shell.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

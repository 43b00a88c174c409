package dev.hearth.vm.sandbox;

import dev.hearth.vm.VmException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One running bubblewrap sandbox: the {@code bwrap} process, the pid (on the host) of the process that
 * holds the sandbox's namespaces, and a {@code cat} inside that keeps it alive by reading a pipe from
 * this JVM. The sandbox ends when {@link #kill()} kills {@code bwrap} and its init (and with the init
 * every process of the pid namespace), or when this JVM dies: the pipe closes, {@code cat} ends, and
 * the init with it. Not {@code --die-with-parent}: its parent-death signal follows the <em>thread</em>
 * that started bwrap, and the thread that allocates a VM often ends long before the VM.
 */
final class Sandbox {
  private static final String READY = "hearth-sandbox-ready";

  private final Process bwrap;
  private final long namespacePid;

  private Sandbox(Process bwrap, long namespacePid) {
    this.bwrap = bwrap;
    this.namespacePid = namespacePid;
  }

  /**
   * Starts {@code bwrap} with {@code arguments} and returns once the guest runs: its init printed that
   * it is ready, so every mount is in place.
   */
  static Sandbox start(String vm, Path bwrapPath, List<String> arguments) throws VmException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(bwrapPath.toString());
    command.addAll(arguments);
    command.addAll(List.of("--", "/bin/sh", "-c", "echo " + READY + "; exec cat"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new VmException("vm=" + vm + ": cannot start " + bwrapPath + ": " + e.getMessage(), e);
    }
    try {
      return new Sandbox(process, awaitReady(vm, process));
    } catch (VmException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      throw new InterruptedException("vm=" + vm + ": interrupted while the sandbox started");
    }
  }

  /** Waits for the init's ready line, then returns the host pid of bwrap's child: the sandbox's pid 1. */
  private static long awaitReady(String vm, Process process) throws VmException, InterruptedException {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder said = new StringBuilder();
    try {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (Thread.interrupted()) throw new InterruptedException();
        if (line.equals(READY)) {
          return process.toHandle().children().findFirst()
              .orElseThrow(() -> new VmException("vm=" + vm + ": bwrap runs but its sandbox init is gone")).pid();
        }
        said.append(line.trim()).append(' ');
      }
    } catch (IOException e) {
      throw new VmException("vm=" + vm + ": cannot read from bwrap: " + e.getMessage(), e);
    }
    process.waitFor(5, TimeUnit.SECONDS);
    throw new VmException("vm=" + vm + ": bwrap exited before the sandbox ran (exit " + exitOf(process) + "): "
        + said.toString().trim() + SandboxProbe.userNamespaceHint());
  }

  private static String exitOf(Process process) {
    return process.isAlive() ? "still running" : Integer.toString(process.exitValue());
  }

  /** The host pid of the sandbox's init, whose namespaces {@code nsenter} joins. */
  long namespacePid() {
    return namespacePid;
  }

  /** The host pid of the {@code bwrap} process (what a cgroup must hold). */
  long bwrapPid() {
    return bwrap.pid();
  }

  boolean isAlive() {
    return bwrap.isAlive() && Sessions.sessionOf(namespacePid) != -1;
  }

  /** Kills the sandbox and everything in it, and waits until the init is gone. */
  void kill() {
    bwrap.destroyForcibly();
    ProcessHandle.of(namespacePid).ifPresent(ProcessHandle::destroyForcibly);
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try {
        if (bwrap.waitFor(5, TimeUnit.MILLISECONDS) && Sessions.sessionOf(namespacePid) == -1) break; // gone or a zombie
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }
}

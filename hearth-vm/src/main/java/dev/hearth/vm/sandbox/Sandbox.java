package dev.hearth.vm.sandbox;

import dev.hearth.vm.VmException;
import dev.hearth.vm.microvm.GuestAgent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One running bubblewrap sandbox whose command is the guest agent ({@code hearth-agent --stdio}):
 * the {@code bwrap} process, the host pid of its child that holds the sandbox's namespaces (the pid
 * namespace's init; the agent is that init's only child), and the pipes to the agent. The sandbox ends
 * when {@link #kill()} kills {@code bwrap} and its init (and with the init every process of the pid
 * namespace), or when the agent's stdin closes: the agent exits, and the init with it. So a dying JVM
 * takes its sandboxes along. bwrap's and the agent's stderr go to a file in the VM's directory, read
 * only for error messages. Not {@code --die-with-parent}: its parent-death signal follows the
 * <em>thread</em> that started bwrap, and the thread that allocates a VM often ends long before the VM.
 */
final class Sandbox {
  private static final Duration START_LIMIT = Duration.ofSeconds(10);
  private static final int STDERR_LINES = 20;

  private final String vm;
  private final Process bwrap;
  private final long namespacePid;
  private final Path stderr;

  private Sandbox(String vm, Process bwrap, long namespacePid, Path stderr) {
    this.vm = vm;
    this.bwrap = bwrap;
    this.namespacePid = namespacePid;
    this.stderr = stderr;
  }

  /**
   * Starts {@code bwrap} with {@code arguments} running {@code agentGuestPath --stdio}, and returns as
   * soon as its namespaces exist (their holder has a host pid), before the guest's mounts are done or
   * the agent runs: the network can be set up meanwhile. {@link #connect} then waits for the agent.
   */
  static Sandbox launch(String vm, Path bwrapPath, List<String> arguments, String agentGuestPath, Path stderr)
      throws VmException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(bwrapPath.toString());
    command.addAll(arguments);
    command.addAll(List.of("--", agentGuestPath, "--stdio"));
    // stderr to a file, not a pipe: a thread per VM reading it would sit on a carrier of the virtual
    // thread scheduler (file reads pin it), and bwrap and the agent say something only when they fail
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
    builder.environment().clear();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new VmException("vm=" + vm + ": cannot start " + bwrapPath + ": " + e.getMessage(), e);
    }
    try {
      return new Sandbox(vm, process, awaitNamespaces(vm, process, stderr), stderr);
    } catch (VmException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      throw new InterruptedException("vm=" + vm + ": interrupted while the sandbox started");
    }
  }

  /**
   * The host pid of bwrap's child, read from bwrap's {@code children} file in {@code /proc} (it
   * appears within a millisecond or so; {@link ProcessHandle#children()} would read every process's
   * status).
   */
  private static long awaitNamespaces(String vm, Process process, Path stderr) throws VmException, InterruptedException {
    Path children = Path.of("/proc", Long.toString(process.pid()), "task", Long.toString(process.pid()), "children");
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      if (Thread.interrupted()) throw new InterruptedException();
      try {
        String pids = Files.readString(children, StandardCharsets.US_ASCII).trim();
        if (!pids.isEmpty()) return Long.parseLong(pids.split(" ")[0]);
      } catch (IOException | NumberFormatException e) {
        // bwrap is exiting: reported below
      }
      LockSupport.parkNanos(50_000);
    }
    process.waitFor(2, TimeUnit.SECONDS);
    throw new VmException("vm=" + vm + ": bwrap " + (process.isAlive() ? "made no sandbox within " + START_LIMIT.toSeconds() + " s"
        : "exited with " + process.exitValue() + " before the sandbox ran") + ": " + said(stderr) + SandboxProbe.userNamespaceHint());
  }

  /**
   * Waits until bwrap has brought up the sandbox's loopback (127.0.0.1 is in the namespace's routing
   * table): changing the network namespace before that makes bwrap fail ("loopback: Failed
   * RTM_NEWADDR"). bwrap does this first, before any mount.
   */
  void awaitLoopback() throws VmException, InterruptedException {
    Path table = Path.of("/proc", Long.toString(namespacePid), "net", "fib_trie");
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (System.nanoTime() < deadline && bwrap.isAlive()) {
      try {
        if (Files.readString(table, StandardCharsets.US_ASCII).contains("127.0.0.1")) return;
      } catch (IOException e) {
        break; // the sandbox is gone: reported below
      }
      LockSupport.parkNanos(50_000);
      if (Thread.interrupted()) throw new InterruptedException("vm=" + vm + ": interrupted while the sandbox started");
    }
    throw new VmException("vm=" + vm + ": bwrap did not bring up the sandbox's loopback: " + said(stderr) + SandboxProbe.userNamespaceHint());
  }

  /** Waits for the agent's HELLO: every mount is in place and commands can run. */
  GuestAgent connect() throws VmException, InterruptedException {
    try {
      return GuestAgent.connect(vm, new AgentPipes(bwrap.getInputStream(), bwrap.getOutputStream()), START_LIMIT);
    } catch (VmException e) {
      try {
        bwrap.waitFor(1, TimeUnit.SECONDS); // let stderr arrive
      } catch (InterruptedException again) {
        Thread.currentThread().interrupt();
      }
      throw new VmException(e.getMessage() + (bwrap.isAlive() ? "" : " (bwrap exited with " + bwrap.exitValue() + ")")
          + ": " + said(stderr) + SandboxProbe.userNamespaceHint(), e);
    }
  }

  /** The last lines bwrap and the agent wrote on stderr, for an error message. */
  private static String said(Path stderr) {
    try {
      List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
      List<String> last = lines.subList(Math.max(0, lines.size() - STDERR_LINES), lines.size());
      return last.isEmpty() ? "it said nothing" : String.join(" ", last).trim();
    } catch (IOException e) {
      return "its stderr " + stderr + " is unreadable: " + e.getMessage();
    }
  }

  /** The host pid of the sandbox's init, whose namespaces {@code nsenter} and slirp4netns join. */
  long namespacePid() {
    return namespacePid;
  }

  /** The host pid of the {@code bwrap} process (what a cgroup must hold). */
  long bwrapPid() {
    return bwrap.pid();
  }

  boolean isAlive() {
    return bwrap.isAlive() && !gone(namespacePid);
  }

  /** Kills the sandbox and everything in it, and waits until the init is gone. */
  void kill() {
    ProcessHandle.of(namespacePid).ifPresent(ProcessHandle::destroyForcibly);
    bwrap.destroyForcibly();
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try {
        if (bwrap.waitFor(5, TimeUnit.MILLISECONDS) && gone(namespacePid)) break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  /** True when {@code pid} no longer runs (gone, or a zombie waiting for bwrap to reap it). */
  private static boolean gone(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
      return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }
}

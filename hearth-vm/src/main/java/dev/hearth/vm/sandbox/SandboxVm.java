package dev.hearth.vm.sandbox;

import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.host.LinePump;
import dev.hearth.vm.host.OutputDrain;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sandbox VM: one long-lived bubblewrap sandbox that every exec joins (see {@link
 * SandboxVmProvider} for what it isolates). Files and background processes persist between execs.
 *
 * <p>Thread-safe: execs may run concurrently; {@link #close()} may come from any thread and kills
 * the sandbox, so running execs fail with a {@link VmException}.
 */
final class SandboxVm implements Vm {
  private static final Logger log = LoggerFactory.getLogger(SandboxVm.class);
  private static final Map<String, String> COPY_ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LC_ALL", "C");

  private final String id;
  private final SandboxLayout layout;
  private final Sandbox sandbox;
  private final Optional<UserNetwork> network;
  private final Optional<Path> cgroup;
  private final GuestCommand guest;
  private final Tools tools;
  private final Duration killGrace;
  private final SandboxVmProvider provider;
  private final long allocatedAt = System.nanoTime();
  private boolean closed; // guarded by this

  SandboxVm(String id, SandboxLayout layout, Sandbox sandbox, Optional<UserNetwork> network, Optional<Path> cgroup,
      Tools tools, Duration killGrace, SandboxVmProvider provider) {
    this.id = id;
    this.layout = layout;
    this.sandbox = sandbox;
    this.network = network;
    this.cgroup = cgroup;
    this.tools = tools;
    this.guest = new GuestCommand(tools, sandbox.namespacePid(), layout.user());
    this.killGrace = killGrace;
    this.provider = provider;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String workDir() {
    return layout.workDir();
  }

  @Override
  public ExecResult exec(ExecRequest request, OutputSink output) throws VmException, InterruptedException {
    if (Thread.interrupted()) throw new InterruptedException("vm=" + id + ": interrupted before exec");
    long started = System.nanoTime();
    Process process = start(guest.argv(layout.absolute(request.workingDirectory()), request.env(), request.argv()),
        GuestCommand.processEnvironment(request.env()), request.argv().get(0));
    long leader = awaitLeader(process);
    LinePump out = new LinePump("vm=" + id + " stdout", process.getInputStream(), output::stdout);
    LinePump err = new LinePump("vm=" + id + " stderr", process.getErrorStream(), output::stderr);
    Thread outThread = Thread.ofPlatform().daemon().name(id + "-stdout").start(out);
    Thread errThread = Thread.ofPlatform().daemon().name(id + "-stderr").start(err);
    feedStdin(process, request.stdin());
    boolean timedOut = false;
    try {
      if (!process.waitFor(saturatedNanos(request.timeout()), TimeUnit.NANOSECONDS)) {
        timedOut = true;
        Sessions.terminate(leader, process.toHandle(), killGrace);
        process.waitFor();
      }
    } catch (InterruptedException e) {
      Sessions.terminate(leader, process.toHandle(), killGrace);
      OutputDrain.await(outThread, out, errThread, err, () -> false);
      throw e;
    }
    OutputDrain.await(outThread, out, errThread, err, () -> Sessions.alive(leader, process.toHandle()));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    if (isClosed()) {
      throw new VmException("vm=" + id + ": released while running " + request.argv().get(0) + " (after " + took.toMillis() + "ms)");
    }
    if (!sandbox.isAlive()) throw new VmException("vm=" + id + ": the sandbox died while running " + request.argv().get(0) + memoryNote());
    int exit = process.exitValue();
    if (exit == 137 && cgroup.isPresent() && Cgroups.oomKilled(cgroup.get())) {
      output.stderr("hearth: vm=" + id + ": killed for exceeding the run's memory limit");
    }
    return new ExecResult(exit, timedOut, took);
  }

  private String memoryNote() {
    return cgroup.isPresent() && Cgroups.oomKilled(cgroup.get()) ? " (the run exceeded its memory limit)" : "";
  }

  /** Starts a host process in the sandbox (through {@code nsenter}) unless the VM is released. */
  private Process start(List<String> argv, Map<String, String> env, String what) throws VmException {
    List<String> command = argv;
    if (cgroup.isPresent()) { // the exec must be in the VM's cgroup before nsenter forks the command
      command = new ArrayList<>(List.of("/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", cgroup.get().resolve("cgroup.procs").toString()));
      command.addAll(argv);
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(env);
    synchronized (this) {
      if (closed) throw new VmException("vm=" + id + ": released; cannot run " + what);
      try {
        return builder.start();
      } catch (IOException e) {
        throw new VmException("vm=" + id + ": cannot start nsenter for " + what + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * The host pid of the command, which leads its own session: {@code nsenter}'s child. It appears
   * within a millisecond or so; -1 when {@code nsenter} exited first. Read from {@code nsenter}'s
   * {@code children} file in {@code /proc}, not {@link ProcessHandle#children()}, which reads every
   * process's status.
   */
  private static long awaitLeader(Process process) {
    Path children = Path.of("/proc", Long.toString(process.pid()), "task", Long.toString(process.pid()), "children");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        String pids = Files.readString(children, StandardCharsets.US_ASCII).trim();
        if (!pids.isEmpty()) return Long.parseLong(pids.split(" ")[0]);
      } catch (IOException | NumberFormatException e) {
        return process.toHandle().children().findFirst().map(ProcessHandle::pid).orElse(-1L);
      }
      LockSupport.parkNanos(50_000);
    }
    return -1;
  }

  private void feedStdin(Process process, byte[] stdin) {
    OutputStream in = process.getOutputStream();
    if (stdin.length == 0) {
      try {
        in.close();
      } catch (IOException e) {
        // nothing was written; nothing to lose
      }
      return;
    }
    Thread.ofPlatform().daemon().name(id + "-stdin").start(() -> {
      try (in) {
        in.write(stdin);
      } catch (IOException e) {
        // the command exited without reading all of its input, as `head` does
      }
    });
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public void copyIn(Path hostSource, String guestPath) throws VmException, InterruptedException {
    ensureOpen("copy in " + hostSource);
    new GuestCopy(id, tools, this::guestProcess).copyIn(hostSource, layout.absolute(guestPath));
  }

  @Override
  public void copyOut(String guestPath, Path hostTarget) throws VmException, InterruptedException {
    ensureOpen("copy out " + guestPath);
    new GuestCopy(id, tools, this::guestProcess).copyOut(layout.absolute(guestPath), hostTarget);
  }

  /** A process builder for a shell script run in the sandbox from {@code /} (for copies). */
  private ProcessBuilder guestProcess(String script, List<String> args) {
    List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", script, "sh"));
    argv.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(guest.argv("/", COPY_ENV, argv));
    builder.environment().clear();
    builder.environment().putAll(COPY_ENV);
    return builder;
  }

  private synchronized void ensureOpen(String doing) throws VmException {
    if (closed) throw new VmException("vm=" + id + ": released; cannot " + doing);
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) return;
      closed = true;
    }
    long start = System.nanoTime();
    try {
      network.ifPresent(UserNetwork::stop);
      sandbox.kill();
      cgroup.ifPresent(Cgroups::remove);
      HostDirs.delete(layout.hostDir());
      log.info("vm={} released took={}ms lived={}s", id, (System.nanoTime() - start) / 1_000_000,
          (System.nanoTime() - allocatedAt) / 1_000_000_000);
    } catch (IOException | RuntimeException e) {
      log.warn("vm={} released with leftovers (retried when the provider closes): {}", id, e.toString());
      provider.leftOver(layout.hostDir());
    } finally {
      provider.released(this);
    }
  }
}

package dev.hearth.vm.gvisor;

import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.host.LinePump;
import dev.hearth.vm.host.OutputDrain;
import dev.hearth.vm.host.PumpThreads;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gVisor sandbox: a created and started OCI container whose init only keeps it alive, and every
 * command of the run started in it with {@code runsc exec}. Files and background processes persist
 * between commands; nothing else shares the sandbox.
 *
 * <p>A command runs as the runner user without capabilities, through {@code env -i -C DIR --
 * NAME=VALUE… argv}: gVisor adds {@code HOME} to an exec's environment and checks the working directory
 * before the guest can, so the guest's own {@code env} sets exactly the requested environment and
 * directory (a missing program exits 127, a missing directory 125). Each exec is its own session in
 * the guest; a timeout, an interrupt or {@link #close()} kills every process of that session (SIGTERM,
 * then SIGKILL after the kill grace). A process that starts a new session of its own escapes the kill
 * and lives until the VM is released.
 *
 * <p>Output pipes held by background processes are handled as by the host provider: the exec
 * returns once they are quiet for 250 ms. Thread-safe.
 */
final class GvisorVm implements Vm {
  private static final Logger log = LoggerFactory.getLogger(GvisorVm.class);

  /** Kills every live process of session $1: SIGTERM, up to $2 tenths of a second, then SIGKILL. */
  private static final String KILL_SESSION = """
      S=$1; G=$2
      members() { for f in /proc/[0-9]*/stat; do l=$(cat "$f" 2>/dev/null) || continue; set -- ${l##*) }
        [ "$4" = "$S" ] && [ "$1" != Z ] && { p=${f#/proc/}; echo "${p%/stat}"; }; done; }
      p=$(members); [ -n "$p" ] && kill -TERM $p 2>/dev/null
      i=0; while [ -n "$(members)" ] && [ $i -lt $G ]; do sleep 0.1; i=$((i+1)); done
      p=$(members); [ -n "$p" ] && kill -KILL $p 2>/dev/null; true
      """;

  private final String id;
  private final String containerId;
  private final Path vmDir;
  private final Runsc runsc;
  private final Runsc.Network network;
  private final Optional<OutboundNetwork> outbound;
  private final Duration killGrace;
  private final GvisorVmProvider provider;
  private final GvisorCopy copy;
  private final SandboxDeath death;
  private final AtomicLong execs = new AtomicLong();
  private final Set<Process> running = ConcurrentHashMap.newKeySet();
  private final long allocatedAt = System.nanoTime();
  private final AtomicBoolean closed = new AtomicBoolean();

  GvisorVm(String id, String containerId, Path vmDir, Runsc runsc, Runsc.Network network, Optional<OutboundNetwork> outbound,
      Duration killGrace, GvisorVmProvider provider, SandboxDeath death) {
    this.id = id;
    this.containerId = containerId;
    this.vmDir = vmDir;
    this.runsc = runsc;
    this.network = network;
    this.outbound = outbound;
    this.killGrace = killGrace;
    this.provider = provider;
    this.death = death;
    this.copy = new GvisorCopy(id, this::guestScript);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String workDir() {
    return OciBundle.WORK_DIR;
  }

  @Override
  public ExecResult exec(ExecRequest request, OutputSink output) throws VmException, InterruptedException {
    if (Thread.interrupted()) throw new InterruptedException("vm=" + id + ": interrupted before exec");
    List<String> args = new ArrayList<>(List.of("/usr/bin/env", "-i", "-C", guestPath(request.workingDirectory()), "--"));
    for (Map.Entry<String, String> e : request.env().entrySet()) args.add(e.getKey() + "=" + e.getValue());
    args.addAll(request.argv());
    long n = execs.incrementAndGet();
    Path pidFile = vmDir.resolve("exec-" + n + ".pid");
    long started = System.nanoTime();
    Process process = start(args, n, List.of("--internal-pid-file", pidFile.toString()), ProcessBuilder.Redirect.PIPE);
    try {
      LinePump out = new LinePump("vm=" + id + " stdout", process.getInputStream(), output::stdout);
      LinePump err = new LinePump("vm=" + id + " stderr", process.getErrorStream(), output::stderr);
      PumpThreads.run(out);
      PumpThreads.run(err);
      feedStdin(process, request.stdin());
      boolean timedOut = false;
      try {
        if (!process.waitFor(saturatedNanos(request.timeout()), TimeUnit.NANOSECONDS)) {
          timedOut = true;
          killSession(pidFile);
          process.waitFor();
        }
      } catch (InterruptedException e) {
        killSession(pidFile);
        OutputDrain.await(out, err, this::othersAlive); // killed: wait only while output still comes
        throw e;
      }
      OutputDrain.await(out, err, this::othersAlive);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      if (isClosed()) {
        throw new VmException("vm=" + id + ": released while running " + request.argv().get(0) + " (after " + took.toMillis() + "ms)");
      }
      Optional<String> dead = death.cause();
      if (dead.isPresent()) throw new VmException("vm=" + id + ": " + dead.get() + " while running " + request.argv().get(0));
      return new ExecResult(process.exitValue(), timedOut, took);
    } finally {
      running.remove(process);
      deleteQuietly(pidFile);
      deleteQuietly(vmDir.resolve("exec-" + n + ".json"));
    }
  }

  /**
   * Starts {@code args} in the sandbox with {@code runsc exec --process}; the spec file is removed as
   * soon as runsc has read it (it reads it before starting anything).
   */
  private Process start(List<String> args, long n, List<String> flags, ProcessBuilder.Redirect stdin) throws VmException {
    Path spec = vmDir.resolve("exec-" + n + ".json");
    List<String> execArgs = new ArrayList<>(List.of("exec", "--process", spec.toString()));
    execArgs.addAll(flags);
    execArgs.add(containerId);
    ProcessBuilder builder = new ProcessBuilder(runsc.command(network, execArgs)).redirectInput(stdin);
    builder.environment().clear();
    String what = "run " + args.get(args.size() - 1);
    ensureOpen(what);
    Process process;
    try {
      Files.writeString(spec, OciBundle.process(args));
      process = builder.start();
    } catch (IOException e) {
      throw new VmException("vm=" + id + ": cannot start runsc exec: " + e.getMessage(), e);
    }
    running.add(process);
    // close() marks the VM closed before it kills what is running: a process added after that is ours to kill
    if (closed.get()) {
      running.remove(process);
      process.destroyForcibly();
      throw new VmException("vm=" + id + ": released; cannot " + what);
    }
    return process;
  }

  /** A guest shell script with arguments, for copies: {@code sh -c script sh args…} with a plain PATH. */
  private ProcessBuilder guestScript(String script, List<String> scriptArgs) throws VmException {
    List<String> args = new ArrayList<>(List.of("/usr/bin/env", "-i", "PATH=/usr/bin:/bin", "sh", "-c", script, "sh"));
    args.addAll(scriptArgs);
    long n = execs.incrementAndGet();
    Path spec = vmDir.resolve("exec-" + n + ".json");
    ensureOpen("copy");
    try {
      Files.writeString(spec, OciBundle.process(args));
    } catch (IOException e) {
      throw new VmException("vm=" + id + ": cannot write " + spec + ": " + e.getMessage(), e);
    }
    ProcessBuilder builder = new ProcessBuilder(runsc.command(network, "exec", "--process", spec.toString(), containerId));
    builder.environment().clear();
    return builder;
  }

  /**
   * Whether a process besides the sandbox's init lives in it (one a command left running in the
   * background may hold that command's output pipes): {@code runsc ps --format json} lists the guest
   * pids. When runsc cannot tell, yes.
   */
  private boolean othersAlive() {
    if (isClosed()) return true;
    try {
      String pids = Runsc.run(id, "list the sandbox's processes", runsc.command(network, "ps", "--format", "json", containerId),
          vmDir.resolve("ps.log"), Duration.ofSeconds(5)).strip();
      if (!pids.startsWith("[") || !pids.endsWith("]")) return true;
      for (String pid : pids.substring(1, pids.length() - 1).split(",")) {
        if (!pid.isBlank() && !pid.strip().equals("1")) return true;
      }
      return false;
    } catch (VmException e) {
      log.debug("vm={} cannot list its processes ({}): taking it that the output pipes may be held", id, e.getMessage());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** Kills the session of the exec whose guest pid runsc wrote to {@code pidFile}. */
  private void killSession(Path pidFile) throws InterruptedException {
    Optional<String> pid = readPid(pidFile);
    if (pid.isEmpty()) {
      log.warn("vm={} cannot kill a command whose guest pid runsc never wrote ({})", id, pidFile);
      return;
    }
    long n = execs.incrementAndGet();
    long tenths = Math.max(1, killGrace.toMillis() / 100);
    try {
      Process killer = start(List.of("/usr/bin/env", "-i", "PATH=/usr/bin:/bin", "sh", "-c", KILL_SESSION, "sh", pid.get(),
          Long.toString(tenths)), n, List.of(), ProcessBuilder.Redirect.from(new File("/dev/null")));
      killer.getOutputStream().close();
      CompletableFuture<String> out = StreamText.of(killer.getInputStream());
      CompletableFuture<String> err = StreamText.of(killer.getErrorStream());
      if (killer.waitFor() != 0) log.warn("vm={} killing session {} said: {}", id, pid.get(), (out.join() + " " + err.join()).trim());
      running.remove(killer);
    } catch (VmException | IOException e) {
      log.warn("vm={} cannot kill session {}: {}", id, pid.get(), e.toString());
    }
  }

  private static Optional<String> readPid(Path pidFile) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      try {
        String pid = Files.readString(pidFile).trim();
        if (!pid.isEmpty()) return Optional.of(pid);
      } catch (IOException notYet) {
        // runsc writes it once the process started
      }
      if (System.nanoTime() > deadline) return Optional.empty();
      Thread.sleep(10); // runsc offers no other signal that the guest process started
    }
  }

  /** A guest path: relative ones are taken from the work directory. */
  static String guestPath(String path) {
    if (path.startsWith("/")) return path;
    return path.isEmpty() || path.equals(".") ? OciBundle.WORK_DIR : OciBundle.WORK_DIR + "/" + path;
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  private static Thread daemon(String name, Runnable task) {
    return Thread.ofPlatform().daemon().name(name).start(task);
  }

  /** Writes stdin on its own thread: a command that never reads it must not block this exec. */
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
    daemon(id + "-stdin", () -> {
      try (in) {
        in.write(stdin);
      } catch (IOException e) {
        // the command exited without reading all of its input
      }
    });
  }

  @Override
  public void copyIn(Path hostSource, String guestPath) throws VmException, InterruptedException {
    ensureOpen("copy in " + hostSource);
    copy.copyIn(hostSource, guestPath(guestPath));
  }

  @Override
  public void copyOut(String guestPath, Path hostTarget) throws VmException, InterruptedException {
    ensureOpen("copy out " + guestPath);
    copy.copyOut(guestPath(guestPath), hostTarget);
  }

  private void ensureOpen(String doing) throws VmException {
    if (closed.get()) throw new VmException("vm=" + id + ": released; cannot " + doing);
  }

  private boolean isClosed() {
    return closed.get();
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // removed with the VM's directory at release
    }
  }

  /**
   * Deletes the sandbox ({@code runsc delete --force} kills every process in it and its gofer), stops
   * its network and removes its host directory.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    long start = System.nanoTime();
    try {
      provider.destroy(id, containerId, vmDir, outbound);
      log.info("vm={} released took={}ms lived={}s", id, (System.nanoTime() - start) / 1_000_000,
          (System.nanoTime() - allocatedAt) / 1_000_000_000);
    } catch (RuntimeException e) {
      log.warn("vm={} released with leftovers (retried when the provider closes): {}", id, e.toString());
    } finally {
      for (Process p : running) p.destroyForcibly();
      provider.released(this);
    }
  }
}

package dev.hearth.vm.host;

import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host "VM": a private directory and the process trees started in it. See {@link HostVmProvider}
 * for what it does and does not isolate.
 *
 * <p>Thread-safe: execs may run concurrently; {@link #close()} may come from any thread and kills
 * running execs, which then fail with a {@link VmException}.
 */
final class HostVm implements Vm {
  private static final Logger log = LoggerFactory.getLogger(HostVm.class);

  private final String id;
  private final Path workDir;
  private final ProcessTrees trees;
  private final ProcessRegistry registry;
  private final Duration killGrace;
  private final HostVmProvider provider;
  private final long allocatedAt = System.nanoTime();
  private boolean closed; // guarded by this

  HostVm(String id, Path workDir, ProcessTrees trees, ProcessRegistry registry, Duration killGrace, HostVmProvider provider) {
    this.id = id;
    this.workDir = workDir;
    this.trees = trees;
    this.registry = registry;
    this.killGrace = killGrace;
    this.provider = provider;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String workDir() {
    return workDir.toString();
  }

  @Override
  public ExecResult exec(ExecRequest request, OutputSink output) throws VmException, InterruptedException {
    if (Thread.interrupted()) throw new InterruptedException("vm=" + id + ": interrupted before exec");
    Path dir = guestPath(request.workingDirectory());
    if (!Files.isDirectory(dir)) {
      throw new VmException("vm=" + id + ": working directory " + dir + " does not exist (command " + request.argv().get(0) + ")");
    }
    long started = System.nanoTime();
    Process process = start(request, dir);
    LinePump out = new LinePump("vm=" + id + " stdout", process.getInputStream(), output::stdout);
    LinePump err = new LinePump("vm=" + id + " stderr", process.getErrorStream(), output::stderr);
    PumpThreads.run(out);
    PumpThreads.run(err);
    feedStdin(process, request.stdin());
    boolean timedOut = false;
    try {
      if (!process.waitFor(saturatedNanos(request.timeout()), TimeUnit.NANOSECONDS)) {
        timedOut = true;
        trees.terminate(id, List.of(process.toHandle()), killGrace);
        process.waitFor();
      }
    } catch (InterruptedException e) {
      trees.terminate(id, List.of(process.toHandle()), killGrace);
      OutputDrain.await(out, err, () -> true); // killed: wait only while output still comes
      registry.leaderExited();
      throw e;
    }
    OutputDrain.await(out, err, () -> registry.hasLiveTrees(this));
    registry.leaderExited();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    if (isClosed()) {
      throw new VmException("vm=" + id + ": released while running " + request.argv().get(0) + " (after " + took.toMillis() + "ms)");
    }
    return new ExecResult(process.exitValue(), timedOut, took);
  }

  /** The duration in nanoseconds, or Long.MAX_VALUE (292 years) for longer ones, which toNanos refuses. */
  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  private Process start(ExecRequest request, Path dir) throws VmException {
    ProcessBuilder builder = new ProcessBuilder(trees.wrap(request.argv())).directory(dir.toFile());
    builder.environment().clear();
    builder.environment().putAll(request.env());
    synchronized (this) {
      if (closed) throw new VmException("vm=" + id + ": released; cannot run " + request.argv().get(0));
      try {
        Process process = builder.start();
        trees.awaitOwnGroup(process); // under the lock: a release waits until the group can be killed
        registry.started(this, process.toHandle());
        return process;
      } catch (IOException e) {
        throw new VmException("vm=" + id + ": cannot start " + request.argv().get(0) + ": " + e.getMessage(), e);
      }
    }
  }

  /** Writes stdin on its own thread: a command that never reads it must not block this exec. */
  private void feedStdin(Process process, byte[] stdin) {
    OutputStream in = process.getOutputStream();
    if (stdin.length == 0) {
      closeQuietly(in);
      return;
    }
    PumpThreads.run(() -> {
      try (in) {
        in.write(stdin);
      } catch (IOException e) {
        // the command exited without reading all of its input, as `head` does
      }
    });
  }

  private static void closeQuietly(OutputStream stream) {
    try {
      stream.close();
    } catch (IOException e) {
      // nothing was written; nothing to lose
    }
  }

  @Override
  public void copyIn(Path hostSource, String guestPath) throws VmException {
    ensureOpen("copy in " + hostSource);
    Path target = guestPath(guestPath);
    try {
      FileTrees.copy(hostSource, target);
    } catch (IOException e) {
      throw new VmException("vm=" + id + ": cannot copy " + hostSource + " in to " + target + ": " + e, e);
    }
  }

  @Override
  public void copyOut(String guestPath, Path hostTarget) throws VmException {
    ensureOpen("copy out " + guestPath);
    Path source = guestPath(guestPath);
    try {
      FileTrees.copy(source, hostTarget);
    } catch (IOException e) {
      throw new VmException("vm=" + id + ": cannot copy " + source + " out to " + hostTarget + ": " + e, e);
    }
  }

  /** A path in the VM: absolute paths are host paths, relative ones are taken from the work dir. */
  private Path guestPath(String path) {
    return workDir.resolve(path);
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
      trees.terminate(id, registry.treesOf(this), killGrace);
      registry.forget(this);
      FileTrees.delete(workDir);
      log.info("vm={} released took={}ms lived={}s", id, millisSince(start), (System.nanoTime() - allocatedAt) / 1_000_000_000);
    } catch (IOException | RuntimeException e) {
      log.warn("vm={} released with leftovers took={}ms (retried when the provider closes): {}", id, millisSince(start), e.toString());
      provider.leftOver(workDir);
    } finally {
      provider.released(this);
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}

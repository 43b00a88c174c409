package dev.hearth.vm.sandbox;

import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.microvm.GuestAgent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sandbox VM: one long-lived bubblewrap sandbox whose guest agent runs every exec and copy (see
 * {@link SandboxVmProvider} for what it isolates). Files and background processes persist between execs.
 *
 * <p>Thread-safe: execs may run concurrently; {@link #close()} may come from any thread and kills
 * the sandbox, so running execs fail with a {@link VmException}.
 */
final class SandboxVm implements Vm {
  private static final Logger log = LoggerFactory.getLogger(SandboxVm.class);

  private final String id;
  private final SandboxLayout layout;
  private final Sandbox sandbox;
  private final GuestAgent agent;
  private final Optional<UserNetwork> network;
  private final Optional<Path> cgroup;
  private final GuestAgent.Timeouts timeouts;
  private final SandboxVmProvider provider;
  private final long allocatedAt = System.nanoTime();
  private volatile boolean closed;

  SandboxVm(String id, SandboxLayout layout, Sandbox sandbox, GuestAgent agent, Optional<UserNetwork> network,
      Optional<Path> cgroup, Duration killGrace, SandboxVmProvider provider) {
    this.id = id;
    this.layout = layout;
    this.sandbox = sandbox;
    this.agent = agent;
    this.network = network;
    this.cgroup = cgroup;
    this.timeouts = new GuestAgent.Timeouts.KeptByHost(killGrace);
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
    String program = request.argv().get(0);
    ensureOpen("run " + program);
    ExecResult result;
    try {
      result = agent.exec(request, layout.absolute(request.workingDirectory()), output, timeouts).result();
    } catch (VmException e) {
      if (closed) throw new VmException("vm=" + id + ": released while running " + program, e);
      if (!sandbox.isAlive() || agent.failure() != null) {
        throw new VmException("vm=" + id + ": the sandbox died while running " + program + memoryNote() + " (" + e.getMessage() + ")", e);
      }
      throw e;
    }
    if (result.exitCode() == 137 && cgroup.isPresent() && Cgroups.oomKilled(cgroup.get())) {
      output.stderr("hearth: vm=" + id + ": killed for exceeding the run's memory limit");
    }
    return result;
  }

  private String memoryNote() {
    return cgroup.isPresent() && Cgroups.oomKilled(cgroup.get()) ? " (the run exceeded its memory limit)" : "";
  }

  @Override
  public void copyIn(Path hostSource, String guestPath) throws VmException, InterruptedException {
    ensureOpen("copy in " + hostSource);
    agent.copyIn(hostSource, layout.absolute(guestPath));
  }

  @Override
  public void copyOut(String guestPath, Path hostTarget) throws VmException, InterruptedException {
    ensureOpen("copy out " + guestPath);
    new GuestCopy(id, agent).copyOut(layout.absolute(guestPath), hostTarget);
  }

  private void ensureOpen(String doing) throws VmException {
    if (closed) throw new VmException("vm=" + id + ": released; cannot " + doing);
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
      agent.close();
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

package dev.hearth.vm.microvm;

import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running microVM and its agent channel. Commands, copies and pings go through the {@link GuestAgent}
 * client (docs/guest-agent-protocol.md); several may run at once, and the agent keeps commands'
 * timeouts by the guest's clock. {@link #close()} asks the agent to power off, then kills QEMU by its
 * PID if it is still there, and removes the VM's socket and logs.
 */
final class MicrovmVm implements Vm {
  /** The run's directory in the guest; the guest is the run's alone, so the path is the same in every VM. */
  static final String WORK_DIR = "/home/runner/work";

  private static final Logger log = LoggerFactory.getLogger(MicrovmVm.class);
  private static final GuestAgent.Timeouts AGENT_KEEPS_TIME = new GuestAgent.Timeouts.KeptByAgent();

  private final String id;
  private final MicrovmBoot.Booted machine;
  private final long memoryMb;
  private final long diskMb;
  private final MicrovmVmProvider provider;
  private final GuestAgent agent;
  private volatile boolean closed;

  MicrovmVm(String id, MicrovmBoot.Booted machine, long memoryMb, long diskMb, MicrovmVmProvider provider) {
    this.id = id;
    this.machine = machine;
    this.memoryMb = memoryMb;
    this.diskMb = diskMb;
    this.provider = provider;
    this.agent = GuestAgent.over(id, machine.channel(), this::explain);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String workDir() {
    return WORK_DIR;
  }

  /** QEMU's PID on the host. */
  long qemuPid() {
    return machine.qemu().pid();
  }

  @Override
  public ExecResult exec(ExecRequest request, OutputSink output) throws VmException, InterruptedException {
    checkOpen();
    GuestAgent.Outcome outcome = agent.exec(request, guestPath(request.workingDirectory()), output, AGENT_KEEPS_TIME);
    if (outcome.outOfMemory()) {
      output.stderr("hearth: the guest kernel's out-of-memory killer stopped this command (or a process of it): vm=" + id + " has "
          + memoryMb + " MiB of memory");
    }
    if (outcome.diskFull()) {
      output.stderr("hearth: this command failed with the workspace disk full: vm=" + id + " has a disk quota of " + diskMb
          + " MiB for " + WORK_DIR);
    }
    return outcome.result();
  }

  /** What the channel's {@code reason} means for this VM: released, or QEMU gone (with the console's last lines). */
  private String explain(String reason) {
    if (closed) return "the VM was released";
    if (!machine.qemu().alive()) {
      return "the VM stopped unexpectedly (" + reason + "); console: " + QemuProcess.tail(machine.runtimeDir().resolve("console.log"));
    }
    return reason;
  }

  /** Relative guest paths are taken from the work directory. */
  private static String guestPath(String path) {
    return path.startsWith("/") ? path : WORK_DIR + "/" + path;
  }

  @Override
  public void copyIn(Path hostSource, String guestPath) throws VmException, InterruptedException {
    checkOpen();
    agent.copyIn(hostSource, guestPath(guestPath));
  }

  @Override
  public void copyOut(String guestPath, Path hostTarget) throws VmException, InterruptedException {
    checkOpen();
    agent.copyOut(guestPath(guestPath), hostTarget);
  }

  /** Asks the agent for a PONG; false when it does not answer within {@code timeout}. */
  boolean ping(Duration timeout) throws InterruptedException {
    return !closed && agent.ping(timeout);
  }

  private void checkOpen() throws VmException {
    if (closed) throw new VmException("vm=" + id + ": the VM was released");
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) return;
      closed = true;
    }
    agent.requestShutdown();
    machine.qemu().stop(Duration.ofSeconds(2));
    machine.channel().close();
    MicrovmBoot.deleteTree(machine.runtimeDir());
    provider.released(this);
    log.info("vm={} released (qemu pid {} gone)", id, machine.qemu().pid());
  }

  /** The files of the VM's runtime directory that still exist (for leak checks). */
  List<Path> runtimeLeftovers() {
    List<Path> left = new ArrayList<>();
    if (Files.exists(machine.runtimeDir())) left.add(machine.runtimeDir());
    return left;
  }
}

package dev.hearth.vm.microvm;

import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running microVM and its agent channel. Commands, copies and pings are requests on the channel
 * (docs/guest-agent-protocol.md); several may run at once. {@link #close()} asks the agent to power
 * off, then kills QEMU by its PID if it is still there, and removes the VM's socket and logs.
 */
final class MicrovmVm implements Vm {
  /** The run's directory in the guest; the guest is the run's alone, so the path is the same in every VM. */
  static final String WORK_DIR = "/home/runner/work";

  private static final Logger log = LoggerFactory.getLogger(MicrovmVm.class);
  private static final Duration NO_LIMIT = Duration.ofDays(3650);
  private static final int CHUNK = 256 * 1024;

  private final String id;
  private final MicrovmBoot.Booted machine;
  private final long memoryMb;
  private final long diskMb;
  private final MicrovmVmProvider provider;
  private volatile boolean closed;

  MicrovmVm(String id, MicrovmBoot.Booted machine, long memoryMb, long diskMb, MicrovmVmProvider provider) {
    this.id = id;
    this.machine = machine;
    this.memoryMb = memoryMb;
    this.diskMb = diskMb;
    this.provider = provider;
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
    long start = System.nanoTime();
    ExecCall call = new ExecCall(output);
    int requestId = machine.channel().open(call);
    try {
      machine.channel().send(Frame.EXEC, requestId, execPayload(request));
      byte[] stdin = request.stdin();
      for (int off = 0; off < stdin.length; off += CHUNK) {
        machine.channel().send(Frame.STDIN, requestId, Arrays.copyOfRange(stdin, off, Math.min(stdin.length, off + CHUNK)));
      }
      if (stdin.length > 0) machine.channel().send(Frame.STDIN_END, requestId, new byte[0]);
      ExecCall.Exit exit = call.exit.get();
      if (exit.outOfMemory()) {
        output.stderr("hearth: the guest kernel's out-of-memory killer stopped this command (or a process of it): vm=" + id + " has "
            + memoryMb + " MiB of memory");
      }
      if (exit.diskFull()) {
        output.stderr("hearth: this command failed with the workspace disk full: vm=" + id + " has a disk quota of " + diskMb
            + " MiB for " + WORK_DIR);
      }
      return new ExecResult(exit.code(), exit.timedOut(), Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      killAfterInterrupt(requestId, call);
      throw e;
    } catch (ExecutionException e) {
      throw failure(request.argv().get(0), e.getCause());
    } catch (IOException e) {
      throw failure(request.argv().get(0), e);
    } finally {
      machine.channel().forget(requestId);
    }
  }

  private VmException failure(String program, Throwable cause) {
    String why = closed ? "the VM was released"
        : !machine.qemu().alive() ? "the VM stopped unexpectedly (" + cause.getMessage() + "); console: "
            + QemuProcess.tail(machine.runtimeDir().resolve("console.log"))
        : cause.getMessage();
    return new VmException("vm=" + id + ": cannot run " + program + ": " + why, cause);
  }

  /** Kills the command's process group and waits (uninterruptibly, briefly) for the agent to confirm. */
  private void killAfterInterrupt(int requestId, ExecCall call) {
    try {
      machine.channel().send(Frame.SIGNAL, requestId, new byte[] {9});
      call.exit.get(10, TimeUnit.SECONDS);
    } catch (IOException | ExecutionException | TimeoutException e) {
      log.warn("vm={} kill after interrupt not confirmed: {}", id, e.toString());
    } catch (InterruptedException again) {
      // interrupted twice: the caller already knows
    }
  }

  /** The EXEC payload of {@code request} (package-private: the agent fuzz test builds its corpus with it). */
  static byte[] execPayload(ExecRequest request) {
    PayloadWriter out = new PayloadWriter().u32(request.argv().size());
    for (String arg : request.argv()) out.string(arg);
    out.u32(request.env().size());
    for (Map.Entry<String, String> e : request.env().entrySet()) out.string(e.getKey() + "=" + e.getValue());
    out.string(guestPath(request.workingDirectory()));
    out.u64(request.timeout().compareTo(NO_LIMIT) >= 0 ? 0 : Math.max(1, request.timeout().toMillis()));
    out.u8(request.stdin().length > 0 ? 1 : 0);
    return out.bytes();
  }

  /** Relative guest paths are taken from the work directory. */
  private static String guestPath(String path) {
    return path.startsWith("/") ? path : WORK_DIR + "/" + path;
  }

  @Override
  public void copyIn(Path hostSource, String guestPath) throws VmException, InterruptedException {
    checkOpen();
    if (!Files.exists(hostSource, LinkOption.NOFOLLOW_LINKS)) {
      throw new VmException("vm=" + id + ": cannot copy in " + hostSource + ": no such file or directory on the host");
    }
    FrameQueue answers = new FrameQueue();
    int requestId = machine.channel().open(answers);
    try {
      machine.channel().send(Frame.PUT_BEGIN, requestId, new PayloadWriter().string(guestPath(guestPath)).bytes());
      TreeUpload.send(hostSource, (type, payload) -> machine.channel().send(type, requestId, payload));
      machine.channel().send(Frame.PUT_END, requestId, new byte[0]);
      Frame answer = answers.take(Duration.ofMinutes(10));
      if (answer.type() == Frame.ERROR) {
        throw new VmException("vm=" + id + ": cannot copy " + hostSource + " to " + guestPath + ": " + answer.errorMessage());
      }
    } catch (IOException | ChannelFailedException e) {
      throw new VmException("vm=" + id + ": cannot copy " + hostSource + " to " + guestPath + ": "
          + (closed ? "the VM was released" : e.getMessage()), e);
    } finally {
      machine.channel().forget(requestId);
    }
  }

  @Override
  public void copyOut(String guestPath, Path hostTarget) throws VmException, InterruptedException {
    checkOpen();
    FrameQueue answers = new FrameQueue();
    int requestId = machine.channel().open(answers);
    try (TreeDownload download = new TreeDownload(hostTarget)) {
      machine.channel().send(Frame.GET, requestId, new PayloadWriter().string(guestPath(guestPath)).bytes());
      while (true) {
        Frame frame = answers.take(Duration.ofMinutes(5));
        switch (frame.type()) {
          case Frame.ENTRY, Frame.DATA -> download.accept(frame);
          case Frame.END -> {
            download.finish();
            return;
          }
          case Frame.ERROR -> throw new VmException("vm=" + id + ": cannot copy out " + guestPath + ": " + frame.errorMessage());
          default -> throw new VmException("vm=" + id + ": unexpected frame 0x" + Integer.toHexString(frame.type()) + " in a copy");
        }
      }
    } catch (IOException | ChannelFailedException | MalformedFrameException e) {
      throw new VmException("vm=" + id + ": cannot copy out " + guestPath + " to " + hostTarget + ": "
          + (closed ? "the VM was released" : e.getMessage()), e);
    } finally {
      machine.channel().forget(requestId);
    }
  }

  /** Asks the agent for a PONG; false when it does not answer within {@code timeout}. */
  boolean ping(Duration timeout) throws InterruptedException {
    if (closed) return false;
    FrameQueue answers = new FrameQueue();
    int requestId = machine.channel().open(answers);
    try {
      machine.channel().send(Frame.PING, requestId, new byte[] {1});
      return answers.take(timeout).type() == Frame.PONG;
    } catch (IOException | ChannelFailedException e) {
      return false;
    } finally {
      machine.channel().forget(requestId);
    }
  }

  private void checkOpen() throws VmException {
    if (closed) throw new VmException("vm=" + id + ": the VM was released");
    String failure = machine.channel().failure();
    if (failure != null) throw new VmException("vm=" + id + ": " + failure);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) return;
      closed = true;
    }
    try {
      machine.channel().send(Frame.SHUTDOWN, 0, new byte[0]);
    } catch (IOException e) {
      // the guest is already gone: QEMU is stopped below either way
    }
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

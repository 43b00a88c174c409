package dev.hearth.vm.microvm;

import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.VmException;
import java.io.IOException;
import java.nio.channels.ByteChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host side of one {@code hearth-agent} reached over any byte channel, for providers other than
 * the microVM: the sandbox runs the agent as its init and speaks to it over bwrap's stdin and stdout
 * (the agent's {@code --stdio} transport). Commands, copies and pings are requests on the channel
 * (docs/guest-agent-protocol.md); several may run at once.
 *
 * <p>Unlike {@link MicrovmVm}, timeouts are kept on the host: the command runs without an agent
 * timeout, and when it is due the host sends SIGTERM to its process group, then SIGKILL after the
 * caller's kill grace. The agent's out-of-memory flag is not used (its heuristic reads the kernel's
 * global counter); the caller knows its own memory limits.
 *
 * <p>Thread-safe. Errors are {@link VmException}s naming the VM and what was being done; they say
 * what the channel reported, and callers add what they know about why the guest went away.
 */
public final class GuestAgent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GuestAgent.class);
  private static final int CHUNK = 256 * 1024;
  private static final Duration CONFIRM = Duration.ofSeconds(10);
  private static final byte SIGTERM = 15;
  private static final byte SIGKILL = 9;

  private final String vmId;
  private final AgentChannel channel;

  private GuestAgent(String vmId, AgentChannel channel) {
    this.vmId = vmId;
    this.channel = channel;
  }

  /**
   * Starts reading the agent's frames from {@code channel} and waits for its HELLO.
   *
   * @throws VmException when the channel ends or nothing comes within {@code deadline}; the message
   *     names the VM and what the channel said
   */
  public static GuestAgent connect(String vmId, ByteChannel channel, Duration deadline) throws VmException, InterruptedException {
    AgentChannel agent = AgentChannel.over(vmId, channel);
    FrameQueue hello = new FrameQueue();
    agent.start(hello);
    try {
      Frame first = hello.take(deadline);
      if (first.type() != Frame.HELLO) {
        throw new VmException("vm=" + vmId + ": the guest agent said 0x" + Integer.toHexString(first.type())
            + (first.type() == Frame.ERROR ? " (" + first.errorMessage() + ")" : "") + " instead of HELLO");
      }
      agent.forget(0);
      return new GuestAgent(vmId, agent);
    } catch (ChannelFailedException | MalformedFrameException e) {
      agent.close();
      throw new VmException("vm=" + vmId + ": the guest agent did not start: " + e.getMessage(), e);
    } catch (VmException | InterruptedException | RuntimeException e) {
      agent.close();
      throw e;
    }
  }

  /**
   * Runs {@code request} in {@code cwd} (an absolute guest path) and streams its output line by line.
   * On timeout the command's process group gets SIGTERM, and SIGKILL {@code killGrace} later; on an
   * interrupt SIGKILL at once, then {@link InterruptedException}.
   */
  public ExecResult exec(ExecRequest request, String cwd, OutputSink output, Duration killGrace)
      throws VmException, InterruptedException {
    checkOpen();
    long start = System.nanoTime();
    ExecCall call = new ExecCall(output);
    int requestId = channel.open(call);
    String program = request.argv().get(0);
    try {
      channel.send(Frame.EXEC, requestId, execPayload(request, cwd));
      byte[] stdin = request.stdin();
      for (int off = 0; off < stdin.length; off += CHUNK) {
        channel.send(Frame.STDIN, requestId, Arrays.copyOfRange(stdin, off, Math.min(stdin.length, off + CHUNK)));
      }
      if (stdin.length > 0) channel.send(Frame.STDIN_END, requestId, new byte[0]);
      boolean timedOut = false;
      ExecCall.Exit exit;
      try {
        exit = call.exit.get(saturatedNanos(request.timeout()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException due) {
        timedOut = true;
        exit = terminate(requestId, call, killGrace);
      }
      return new ExecResult(exit.code(), timedOut || exit.timedOut(), Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      killAfterInterrupt(requestId, call);
      throw e;
    } catch (ExecutionException e) {
      throw new VmException("vm=" + vmId + ": cannot run " + program + ": " + e.getCause().getMessage(), e.getCause());
    } catch (IOException | TimeoutException e) {
      throw new VmException("vm=" + vmId + ": cannot run " + program + ": " + e.getMessage(), e);
    } finally {
      channel.forget(requestId);
    }
  }

  /** SIGTERM to the group, SIGKILL after {@code grace}; the EXIT the agent then reports. */
  private ExecCall.Exit terminate(int requestId, ExecCall call, Duration grace)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    channel.send(Frame.SIGNAL, requestId, new byte[] {SIGTERM});
    try {
      return call.exit.get(saturatedNanos(grace), TimeUnit.NANOSECONDS);
    } catch (TimeoutException stubborn) {
      channel.send(Frame.SIGNAL, requestId, new byte[] {SIGKILL});
      return call.exit.get(CONFIRM.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /** Kills the command's process group and waits (briefly) for the agent to confirm. */
  private void killAfterInterrupt(int requestId, ExecCall call) {
    try {
      channel.send(Frame.SIGNAL, requestId, new byte[] {SIGKILL});
      call.exit.get(CONFIRM.toSeconds(), TimeUnit.SECONDS);
    } catch (IOException | ExecutionException | TimeoutException e) {
      log.warn("vm={} kill after interrupt not confirmed: {}", vmId, e.toString());
    } catch (InterruptedException again) {
      // interrupted twice: the caller already knows
    }
  }

  /** The EXEC payload of {@code request} (package-private: the agent fuzz test builds its corpus with it). */
  static byte[] execPayload(ExecRequest request, String cwd) {
    PayloadWriter out = new PayloadWriter().u32(request.argv().size());
    for (String arg : request.argv()) out.string(arg);
    out.u32(request.env().size());
    for (Map.Entry<String, String> e : request.env().entrySet()) out.string(e.getKey() + "=" + e.getValue());
    out.string(cwd);
    out.u64(0); // the host keeps the time
    out.u8(request.stdin().length > 0 ? 1 : 0);
    return out.bytes();
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  /** Copies a host file or tree to {@code guestPath} (absolute; parents are created). */
  public void copyIn(Path hostSource, String guestPath) throws VmException, InterruptedException {
    checkOpen();
    String doing = "copy " + hostSource + " in to " + guestPath;
    FrameQueue answers = new FrameQueue();
    int requestId = channel.open(answers);
    try {
      channel.send(Frame.PUT_BEGIN, requestId, new PayloadWriter().string(guestPath).bytes());
      TreeUpload.send(hostSource, (type, payload) -> channel.send(type, requestId, payload));
      channel.send(Frame.PUT_END, requestId, new byte[0]);
      Frame answer = answers.take(Duration.ofMinutes(10));
      if (answer.type() == Frame.ERROR) throw new VmException("vm=" + vmId + ": cannot " + doing + ": " + answer.errorMessage());
    } catch (IOException | ChannelFailedException e) {
      throw new VmException("vm=" + vmId + ": cannot " + doing + ": " + e.getMessage(), e);
    } finally {
      channel.forget(requestId);
    }
  }

  /**
   * Copies the guest file or tree at {@code guestPath} (absolute) to {@code hostTarget}, which must
   * not exist yet (the caller stages and moves). Entries that would leave the target are refused.
   */
  public void copyOut(String guestPath, Path hostTarget) throws VmException, InterruptedException {
    checkOpen();
    String doing = "copy " + guestPath + " out to " + hostTarget;
    FrameQueue answers = new FrameQueue();
    int requestId = channel.open(answers);
    try (TreeDownload download = new TreeDownload(hostTarget)) {
      channel.send(Frame.GET, requestId, new PayloadWriter().string(guestPath).bytes());
      while (true) {
        Frame frame = answers.take(Duration.ofMinutes(10));
        switch (frame.type()) {
          case Frame.ENTRY, Frame.DATA -> download.accept(frame);
          case Frame.END -> {
            download.finish();
            return;
          }
          case Frame.ERROR -> throw new VmException("vm=" + vmId + ": cannot " + doing + ": " + frame.errorMessage());
          default -> throw new VmException("vm=" + vmId + ": cannot " + doing + ": unexpected frame 0x" + Integer.toHexString(frame.type()));
        }
      }
    } catch (IOException | ChannelFailedException | MalformedFrameException e) {
      throw new VmException("vm=" + vmId + ": cannot " + doing + ": " + e.getMessage(), e);
    } finally {
      channel.forget(requestId);
    }
  }

  /** Asks the agent for a PONG; false when it does not answer within {@code timeout}. */
  public boolean ping(Duration timeout) throws InterruptedException {
    if (channel.failure() != null) return false;
    FrameQueue answers = new FrameQueue();
    int requestId = channel.open(answers);
    try {
      channel.send(Frame.PING, requestId, new byte[] {1});
      return answers.take(timeout).type() == Frame.PONG;
    } catch (IOException | ChannelFailedException e) {
      return false;
    } finally {
      channel.forget(requestId);
    }
  }

  /** Why the channel ended, or null while it works. */
  public String failure() {
    return channel.failure();
  }

  private void checkOpen() throws VmException {
    String failure = channel.failure();
    if (failure != null) throw new VmException("vm=" + vmId + ": " + failure);
  }

  /** Closes the channel: an agent on {@code --stdio} then ends, and with it the sandbox. Idempotent. */
  @Override
  public void close() {
    channel.close();
  }
}

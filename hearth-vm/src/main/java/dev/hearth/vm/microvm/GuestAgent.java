package dev.hearth.vm.microvm;

import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.VmException;
import java.io.IOException;
import java.nio.channels.ByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host side of one {@code hearth-agent}: the one client of the framed agent protocol
 * (docs/guest-agent-protocol.md), used by the microVM (virtio-serial, see {@link MicrovmVm}) and the
 * sandbox (the agent is the sandbox's init, reached over bwrap's stdin and stdout: its {@code --stdio}
 * transport). Commands, copies and pings are requests on one channel; several may run at once.
 *
 * <p>Who ends a command whose timeout has passed is the caller's choice ({@link Timeouts}): the agent
 * (the microVM: its guest clock, SIGTERM to the group then SIGKILL after the agent's grace), or the host
 * (the sandbox: SIGTERM to the group, SIGKILL after the caller's grace). Either way an interrupt of the
 * caller SIGKILLs the group at once, then throws {@link InterruptedException}.
 *
 * <p>Thread-safe. Errors are {@link VmException}s naming the VM and what was being done; the reason
 * the channel gave passes through the caller's {@code explain}, which adds what the caller knows about
 * why the guest went away (released, QEMU died).
 */
public final class GuestAgent implements AutoCloseable {
  /** Who ends a command whose timeout has passed. */
  public sealed interface Timeouts {
    /** The agent keeps the time (the request's timeout travels in the EXEC frame). */
    record KeptByAgent() implements Timeouts {}

    /** The host keeps the time: SIGTERM to the command's group when due, SIGKILL {@code killGrace} later. */
    record KeptByHost(Duration killGrace) implements Timeouts {}
  }

  /** How a command ended: the result, and what the agent noticed about the guest while it ran. */
  public record Outcome(ExecResult result, boolean outOfMemory, boolean diskFull) {}

  private static final Logger log = LoggerFactory.getLogger(GuestAgent.class);
  private static final int CHUNK = 256 * 1024;
  private static final Duration CONFIRM = Duration.ofSeconds(10);
  private static final Duration COPY_SILENCE = Duration.ofMinutes(10);
  /** A timeout this long is no timeout: the agent is told 0. */
  private static final Duration NO_LIMIT = Duration.ofDays(3650);
  private static final byte SIGTERM = 15;
  private static final byte SIGKILL = 9;

  private final String vmId;
  private final AgentChannel channel;
  private final UnaryOperator<String> explain;

  private GuestAgent(String vmId, AgentChannel channel, UnaryOperator<String> explain) {
    this.vmId = vmId;
    this.channel = channel;
    this.explain = explain;
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
      return new GuestAgent(vmId, agent, UnaryOperator.identity());
    } catch (ChannelFailedException | MalformedFrameException e) {
      agent.close();
      throw new VmException("vm=" + vmId + ": the guest agent did not start: " + e.getMessage(), e);
    } catch (VmException | InterruptedException | RuntimeException e) {
      agent.close();
      throw e;
    }
  }

  /** A client of a channel whose HELLO the caller already had (a booted or restored microVM). */
  static GuestAgent over(String vmId, AgentChannel channel, UnaryOperator<String> explain) {
    return new GuestAgent(vmId, channel, explain);
  }

  /**
   * Runs {@code request} in {@code cwd} (an absolute guest path) and streams its output line by line.
   * A timeout ends the command's process group as {@code timeouts} says and comes back as a result
   * that {@link ExecResult#timedOut()}.
   */
  public Outcome exec(ExecRequest request, String cwd, OutputSink output, Timeouts timeouts)
      throws VmException, InterruptedException {
    checkOpen();
    long start = System.nanoTime();
    ExecCall call = new ExecCall(output);
    int requestId = channel.open(call);
    String program = request.argv().get(0);
    try {
      channel.send(Frame.EXEC, requestId, execPayload(request, cwd, timeouts));
      byte[] stdin = request.stdin();
      for (int off = 0; off < stdin.length; off += CHUNK) {
        channel.send(Frame.STDIN, requestId, Arrays.copyOfRange(stdin, off, Math.min(stdin.length, off + CHUNK)));
      }
      if (stdin.length > 0) channel.send(Frame.STDIN_END, requestId, new byte[0]);
      boolean timedOut = false;
      ExecCall.Exit exit;
      if (timeouts instanceof Timeouts.KeptByHost host) {
        try {
          exit = call.exit.get(saturatedNanos(request.timeout()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException due) {
          timedOut = true;
          exit = terminate(requestId, call, host.killGrace());
        }
      } else {
        exit = call.exit.get();
      }
      ExecResult result = new ExecResult(exit.code(), timedOut || exit.timedOut(), Duration.ofNanos(System.nanoTime() - start));
      return new Outcome(result, exit.outOfMemory(), exit.diskFull());
    } catch (InterruptedException e) {
      killAfterInterrupt(requestId, call);
      throw e;
    } catch (ExecutionException e) {
      throw failure("run " + program, e.getCause());
    } catch (IOException | TimeoutException e) {
      throw failure("run " + program, e);
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

  /** The EXEC payload of {@code request} (package-private for tests that build frames). */
  static byte[] execPayload(ExecRequest request, String cwd, Timeouts timeouts) {
    PayloadWriter out = new PayloadWriter().u32(request.argv().size());
    for (String arg : request.argv()) out.string(arg);
    out.u32(request.env().size());
    for (Map.Entry<String, String> e : request.env().entrySet()) out.string(e.getKey() + "=" + e.getValue());
    out.string(cwd);
    out.u64(agentTimeoutMillis(request.timeout(), timeouts));
    out.u8(request.stdin().length > 0 ? 1 : 0);
    return out.bytes();
  }

  /** The EXEC frame's timeout: 0 (none) when the host keeps the time or there is no limit. */
  private static long agentTimeoutMillis(Duration timeout, Timeouts timeouts) {
    if (timeouts instanceof Timeouts.KeptByHost || timeout.compareTo(NO_LIMIT) >= 0) return 0;
    return Math.max(1, timeout.toMillis());
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
    if (!Files.exists(hostSource, LinkOption.NOFOLLOW_LINKS)) {
      throw new VmException("vm=" + vmId + ": cannot " + doing + ": it does not exist on the host");
    }
    Path source = hostSource.toAbsolutePath().normalize();
    FrameQueue answers = new FrameQueue();
    int requestId = channel.open(answers);
    try {
      channel.send(Frame.PUT_BEGIN, requestId, new PayloadWriter().string(guestPath).bytes());
      TreeUpload.send(source, (type, payload) -> channel.send(type, requestId, payload));
      channel.send(Frame.PUT_END, requestId, new byte[0]);
      Frame answer = answers.take(COPY_SILENCE);
      if (answer.type() == Frame.ERROR) throw new VmException("vm=" + vmId + ": cannot " + doing + ": " + answer.errorMessage());
    } catch (IOException | ChannelFailedException e) {
      throw failure(doing, e);
    } finally {
      channel.forget(requestId);
    }
  }

  /**
   * Copies the guest file or tree at {@code guestPath} (absolute) to {@code hostTarget}: an existing
   * directory there is merged into, an existing file replaced. Entries that would leave the target,
   * or pass through a symbolic link, are refused ({@link TreeDownload}).
   */
  public void copyOut(String guestPath, Path hostTarget) throws VmException, InterruptedException {
    checkOpen();
    String doing = "copy " + guestPath + " out to " + hostTarget;
    FrameQueue answers = new FrameQueue();
    int requestId = channel.open(answers);
    try (TreeDownload download = new TreeDownload(hostTarget)) {
      channel.send(Frame.GET, requestId, new PayloadWriter().string(guestPath).bytes());
      Optional<String> refused = download.receive(answers, COPY_SILENCE);
      if (refused.isPresent()) throw new VmException("vm=" + vmId + ": cannot " + doing + ": " + refused.get());
    } catch (IOException | ChannelFailedException | MalformedFrameException e) {
      throw failure(doing, e);
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

  /** Asks the agent to power the guest off; the caller stops the machine either way. */
  void requestShutdown() {
    try {
      channel.send(Frame.SHUTDOWN, 0, new byte[0]);
    } catch (IOException e) {
      // the guest is already gone: nothing to ask
    }
  }

  /** Why the channel ended, or null while it works. */
  public String failure() {
    return channel.failure();
  }

  private VmException failure(String doing, Throwable cause) {
    return new VmException("vm=" + vmId + ": cannot " + doing + ": " + explain.apply(cause.getMessage()), cause);
  }

  private void checkOpen() throws VmException {
    String failure = channel.failure();
    if (failure != null) throw new VmException("vm=" + vmId + ": " + explain.apply(failure));
  }

  /** Closes the channel: an agent on {@code --stdio} then ends, and with it the sandbox. Idempotent. */
  @Override
  public void close() {
    channel.close();
  }
}

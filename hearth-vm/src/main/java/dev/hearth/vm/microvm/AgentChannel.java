package dev.hearth.vm.microvm;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host end of one guest agent's channel: virtio-serial (a Unix socket QEMU serves), or the
 * sandbox agent's stdin and stdout ({@link #over}). One reader
 * thread hands each incoming frame to the {@link Listener} registered for its request id, so
 * several requests (concurrent execs, copies) share the channel. One writer thread writes the frames
 * callers {@link #send}, in order: the channel is interruptible (an interrupt during a write would
 * close it for good), and callers are interrupted on purpose (a timeout, a cancel), so no caller's
 * thread ever touches it.
 *
 * <p>When the channel ends (EOF, an I/O error, a malformed frame) every registered listener and every
 * later registration is told {@link Listener#failed} with the reason, once.
 */
final class AgentChannel implements AutoCloseable {
  /** Receives the frames of one request. Called on the reader thread; must not block for long. */
  interface Listener {
    void frame(Frame frame);

    void failed(String reason);
  }

  private static final Logger log = LoggerFactory.getLogger(AgentChannel.class);

  private final String vmId;
  private final ByteChannel socket;
  private final Map<Integer, Listener> listeners = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private record Outgoing(Frame frame, CompletableFuture<Void> written) {}

  private final LinkedBlockingQueue<Outgoing> outgoing = new LinkedBlockingQueue<>();
  private final Thread reader;
  private final Thread writer;
  private volatile String failure;

  private AgentChannel(String vmId, ByteChannel socket) {
    this.vmId = vmId;
    this.socket = socket;
    this.reader = Thread.ofPlatform().daemon().name("agent-reader-" + vmId).unstarted(this::readLoop);
    this.writer = Thread.ofPlatform().daemon().name("agent-writer-" + vmId).unstarted(this::writeLoop);
  }

  /** Connects to the socket QEMU listens on; the reader starts with the first {@link #start}. */
  static AgentChannel connect(String vmId, Path socketPath) throws IOException {
    SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      socket.connect(UnixDomainSocketAddress.of(socketPath));
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return new AgentChannel(vmId, socket);
  }

  /** A channel over any byte stream pair (the sandbox's pipes to its agent); closing it closes {@code channel}. */
  static AgentChannel over(String vmId, ByteChannel channel) {
    return new AgentChannel(vmId, channel);
  }

  /** Starts reading; frames for id 0 (HELLO, channel-wide errors) go to {@code hello}. */
  void start(Listener hello) {
    listeners.put(0, hello);
    reader.start();
    writer.start();
  }

  /** A new request id with its listener; if the channel already ended the listener fails at once. */
  int open(Listener listener) {
    int id = ids.incrementAndGet();
    listeners.put(id, listener);
    String reason = failure;
    if (reason != null && listeners.remove(id) != null) listener.failed(reason);
    return id;
  }

  /** Forgets a request: later frames for it are dropped. */
  void forget(int id) {
    listeners.remove(id);
  }

  /**
   * Writes a frame and returns once it is written. An interrupt of the caller does not stop the write
   * (nor fail the channel): it waits on, and leaves its thread's interrupt status set for the caller.
   */
  void send(int type, int id, byte[] payload) throws IOException {
    String reason = failure;
    if (reason != null) throw new IOException(reason);
    Outgoing out = new Outgoing(new Frame(type, id, payload), new CompletableFuture<>());
    outgoing.add(out);
    if (failure != null) out.written().completeExceptionally(new IOException(failure));
    boolean interrupted = false;
    try {
      while (true) {
        try {
          out.written().get();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw e.getCause() instanceof IOException io ? new IOException(io.getMessage(), io) : new IOException(e.getCause());
        }
      }
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  private void writeLoop() {
    try {
      while (true) {
        Outgoing out = outgoing.take();
        if (failure != null) {
          out.written().completeExceptionally(new IOException(failure));
          continue;
        }
        try {
          FrameCodec.write(socket, out.frame());
          out.written().complete(null);
        } catch (IOException e) {
          out.written().completeExceptionally(e);
          fail("the guest agent's channel failed while writing: " + e.getMessage());
        }
      }
    } catch (InterruptedException e) {
      // closed: fail what is still queued
    }
    for (Outgoing out; (out = outgoing.poll()) != null; ) {
      out.written().completeExceptionally(new IOException(failure == null ? "the VM was released" : failure));
    }
  }

  /** Why the channel ended, or null while it works. */
  String failure() {
    return failure;
  }

  private void readLoop() {
    String reason;
    try {
      while (true) {
        Frame frame = FrameCodec.read(socket);
        if (frame.type() == Frame.ERROR && frame.id() == 0 && listeners.get(0) == null) {
          log.warn("vm={} agent: {}", vmId, frame.errorMessage());
        }
        Listener listener = listeners.get(frame.id());
        if (listener != null) listener.frame(frame);
      }
    } catch (MalformedFrameException e) {
      reason = "the guest agent sent a malformed frame: " + e.getMessage();
    } catch (EOFException e) {
      reason = "the guest agent's channel closed (the VM stopped or was released)";
    } catch (IOException e) {
      reason = "the guest agent's channel failed: " + e.getMessage();
    } catch (RuntimeException e) {
      reason = "the guest agent's channel failed: " + e;
    }
    fail(reason);
  }

  private void fail(String reason) {
    if (failure == null) failure = reason;
    for (Integer id : listeners.keySet()) {
      Listener listener = listeners.remove(id);
      if (listener != null) listener.failed(failure);
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing after a failure: nothing more to report
    }
  }

  @Override
  public void close() {
    if (failure == null) failure = "the VM was released";
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
    writer.interrupt();
    if (reader.isAlive() && Thread.currentThread() != reader) {
      try {
        reader.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else if (!reader.isAlive()) {
      fail("the guest agent's channel was closed");
    }
  }
}

package dev.hearth.vm.microvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.testing.RecordingSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The host side of the guest agent protocol (docs/guest-agent-protocol.md) fed by a fake agent over
 * a real Unix socket: frames built from the protocol's types with random ids and payloads (short,
 * too long, odd strings and paths), then byte-mutated, truncated and followed by a closed channel.
 * For every stream: a command waiting on the channel ends (with its exit or a failure naming why),
 * a copy out ends with its tree or an error naming why and never writes outside its target, a ping
 * ends, and the reader never allocates a payload beyond the 1 MiB limit whatever a header announces.
 * jqwik prints the seed of a failing property; rerun it with {@code @Property(seed = "…")}.
 */
class AgentProtocolPropertiesTest {
  private static final Duration LIMIT = Duration.ofSeconds(10);
  private static final int[] TYPES = {
    Frame.HELLO, Frame.PONG, Frame.STDOUT, Frame.STDERR, Frame.EXIT, Frame.OK, Frame.ERROR, Frame.ENTRY, Frame.DATA,
    Frame.END, 0x00, 0x7f, 0xff
  };
  private static final String[] PATHS = {
    "", "a", "dir/file", "../escape", "/etc/passwd", "a/../../b", "a\u0000b", "é/ü", "x".repeat(300), ".", "a/./b/", "//"
  };

  @Provide
  Arbitrary<byte[]> agentStreams() {
    return Arbitraries.longs().map(AgentProtocolPropertiesTest::stream);
  }

  @Property(tries = 120, seed = "20261204")
  void everyRequestEndsWithAnAnswerOrAReasonWhateverTheAgentSends(@ForAll("agentStreams") byte[] stream) throws Exception {
    check(stream);
  }

  /** The same with a new seed each build (jqwik prints it when a case fails). */
  @Property(tries = 80)
  void everyRequestOfARandomSeedEndsWithAnAnswerOrAReason(@ForAll("agentStreams") byte[] stream) throws Exception {
    check(stream);
  }

  private static void check(byte[] stream) throws Exception {
    Path dir = Files.createTempDirectory("agent-fuzz");
    try {
      Outcome outcome = feed(dir, stream);
      assertThat(outcome.exec()).as("the command's end").isNotNull();
      if (outcome.exec() instanceof ExecCall.Failure f) assertThat(f.getMessage()).isNotBlank();
      assertThat(outcome.copy()).as("the copy's end").isNotBlank();
      try (Stream<Path> outside = Files.list(dir)) {
        assertThat(outside.map(p -> p.getFileName().toString()).toList())
            .as("what the copy wrote beside its target").isSubsetOf("agent.sock", "target");
      }
    } finally {
      delete(dir);
    }
  }

  @Example
  void aHeaderAnnouncingTwoGigabytesFailsTheChannelWithoutAllocatingIt() throws Exception {
    Path dir = Files.createTempDirectory("agent-fuzz");
    try {
      var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long before = threads.getTotalThreadAllocatedBytes();
      byte[] header = ByteBuffer.allocate(Frame.HEADER).putInt(Integer.MAX_VALUE).put((byte) Frame.STDOUT).putInt(1).array();
      Outcome outcome = feed(dir, header);
      long allocated = threads.getTotalThreadAllocatedBytes() - before;
      assertThat(outcome.exec()).isInstanceOf(ExecCall.Failure.class);
      assertThat(((ExecCall.Failure) outcome.exec()).getMessage())
          .isEqualTo("the guest agent sent a malformed frame: frame type 0x82 announces 2147483647 payload bytes; at most 1048576 are allowed");
      assertThat(outcome.copy()).contains("malformed frame");
      assertThat(allocated).as("bytes allocated while a 2 GB frame was refused").isLessThan(16L * 1024 * 1024);
    } finally {
      delete(dir);
    }
  }

  @Example
  void aFourGigabyteHeaderIsRefusedAsAnUnsignedLength() throws Exception {
    Path dir = Files.createTempDirectory("agent-fuzz");
    try {
      byte[] header = ByteBuffer.allocate(Frame.HEADER).putInt(0xffff_fff0).put((byte) Frame.EXIT).putInt(1).array();
      Outcome outcome = feed(dir, header);
      assertThat(((ExecCall.Failure) outcome.exec()).getMessage()).contains("announces 4294967280 payload bytes");
    } finally {
      delete(dir);
    }
  }

  /** How the three requests on the channel ended: the command's exit or failure, the copy's result text, the ping's. */
  record Outcome(Object exec, String copy, boolean pong) {}

  /** A fake agent that says {@code stream} and closes; the host has a command (id 1), a copy out (id 2) and a ping (id 3) open. */
  private static Outcome feed(Path dir, byte[] stream) throws Exception {
    Path socket = dir.resolve("agent.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      try (AgentChannel channel = AgentChannel.connect("vm-fuzz", socket); SocketChannel agent = server.accept()) {
        FrameQueue hello = new FrameQueue();
        channel.start(hello);
        ExecCall exec = new ExecCall(new RecordingSink());
        assertThat(channel.open(exec)).isEqualTo(1);
        FrameQueue copy = new FrameQueue();
        assertThat(channel.open(copy)).isEqualTo(2);
        FrameQueue ping = new FrameQueue();
        assertThat(channel.open(ping)).isEqualTo(3);
        Thread writer = Thread.ofPlatform().daemon().start(() -> {
          try {
            ByteBuffer out = ByteBuffer.wrap(stream);
            while (out.hasRemaining()) agent.write(out);
            agent.shutdownOutput();
          } catch (IOException closedByTheHost) {
            // the host stopped reading after a malformed frame: the rest is not needed
          }
        });
        Object execEnd;
        try {
          execEnd = exec.exit.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          execEnd = e.getCause();
        } catch (TimeoutException e) {
          throw new AssertionError("the command did not end within " + LIMIT + " after the agent closed its channel");
        }
        String copyEnd = copyOut(copy, dir.resolve("target"));
        boolean pong;
        try {
          pong = ping.take(LIMIT).type() == Frame.PONG;
        } catch (ChannelFailedException e) {
          pong = false;
        }
        writer.join(LIMIT.toMillis());
        return new Outcome(execEnd, copyEnd, pong);
      }
    }
  }

  /** What {@link GuestAgent#copyOut} does with its answers, ending with a text saying how it ended. */
  private static String copyOut(FrameQueue answers, Path target) throws InterruptedException {
    try (TreeDownload download = new TreeDownload(target)) {
      return download.receive(answers, LIMIT).map(refused -> "refused: " + refused).orElse("copied");
    } catch (IOException | ChannelFailedException | MalformedFrameException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  /** Frames a confused or hostile agent might send, from {@code seed}. */
  static byte[] stream(long seed) {
    Random r = new Random(seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int frames = r.nextInt(12);
    for (int i = 0; i < frames; i++) {
      int type = TYPES[r.nextInt(TYPES.length)];
      int id = r.nextInt(8) == 0 ? r.nextInt() : r.nextInt(5);
      byte[] payload = payload(type, r);
      int length = switch (r.nextInt(20)) {
        case 0 -> Integer.MAX_VALUE;
        case 1 -> -1;
        case 2 -> Frame.MAX_PAYLOAD + 1;
        default -> payload.length;
      };
      out.writeBytes(ByteBuffer.allocate(Frame.HEADER).putInt(length).put((byte) type).putInt(id).array());
      out.writeBytes(payload);
    }
    byte[] bytes = out.toByteArray();
    if (bytes.length > 0 && r.nextInt(4) == 0) {
      for (int k = 1 + r.nextInt(4); k > 0; k--) bytes[r.nextInt(bytes.length)] = (byte) r.nextInt(256);
    }
    if (bytes.length > 0 && r.nextInt(4) == 0) bytes = java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length));
    return bytes;
  }

  private static byte[] payload(int type, Random r) {
    PayloadWriter w = new PayloadWriter();
    switch (type) {
      case Frame.EXIT -> {
        w.u32(r.nextInt());
        if (r.nextBoolean()) w.u8(r.nextInt(3));
        if (r.nextBoolean()) w.u8(r.nextInt(3));
      }
      case Frame.ENTRY -> {
        w.u8(List.of('d', 'f', 'l', 'x', '\0').get(r.nextInt(5)));
        w.u32(r.nextInt());
        if (r.nextInt(6) == 0) return w.u32(r.nextInt()).bytes();
        w.string(PATHS[r.nextInt(PATHS.length)]);
        if (r.nextInt(4) != 0) w.string(PATHS[r.nextInt(PATHS.length)]);
      }
      case Frame.ERROR, Frame.HELLO -> {
        if (r.nextInt(4) == 0) return w.u32(r.nextInt(Integer.MAX_VALUE)).bytes();
        w.string(PATHS[r.nextInt(PATHS.length)]);
      }
      default -> {
        byte[] raw = new byte[r.nextInt(4) == 0 ? r.nextInt(300_000) : r.nextInt(64)];
        for (int i = 0; i < raw.length; i++) raw[i] = (byte) (r.nextInt(10) == 0 ? '\n' : 'a' + r.nextInt(26));
        return raw;
      }
    }
    return w.bytes();
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        p.toFile().setWritable(true);
        Files.deleteIfExists(p);
      }
    }
  }
}

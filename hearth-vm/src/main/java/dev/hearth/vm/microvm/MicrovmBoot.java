package dev.hearth.vm.microvm;

import dev.hearth.vm.VmException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Boots one microVM: makes its private runtime directory, starts QEMU, connects to the agent's
 * socket and waits for the agent's HELLO. A boot that does not finish within the deadline, a QEMU
 * that exits, or an interrupt kills that QEMU by its PID and removes the directory.
 */
final class MicrovmBoot {
  /** A booted machine: its QEMU, the agent channel and the directory holding the socket and logs. */
  record Booted(QemuProcess qemu, AgentChannel channel, Path runtimeDir, String agentVersion) {}

  static final String CONSOLE = "console.log";
  static final String AGENT_SOCKET = "agent.sock";
  static final String QMP_SOCKET = "qmp.sock";
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private MicrovmBoot() {}

  /** How the machine starts. */
  enum Start {
    /** A cold boot made this VM's own (HELLO, then RESUME). */
    BOOT,
    /** A cold boot left as it is after HELLO, to be saved as a snapshot (root still read-only). */
    TEMPLATE,
    /** A snapshot restored by QEMU ({@code -incoming}): no HELLO comes, RESUME makes it this VM's own. */
    RESTORE
  }

  static Booted boot(String vmId, QemuCommandFactory command, Path runtimeRoot, Duration deadline)
      throws VmException, InterruptedException {
    return boot(vmId, command, runtimeRoot, deadline, Start.BOOT);
  }

  static Booted boot(String vmId, QemuCommandFactory command, Path runtimeRoot, Duration deadline, Start start)
      throws VmException, InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    Path dir = runtimeDir(vmId, runtimeRoot);
    Path socket = dir.resolve("agent.sock");
    Path console = dir.resolve(CONSOLE);
    QemuProcess qemu = null;
    AgentChannel channel = null;
    try {
      qemu = QemuProcess.start(command.argv(dir), dir.resolve("qemu.log"));
      while (!Files.exists(socket)) {
        if (!qemu.alive()) throw new VmException("vm=" + vmId + ": QEMU exited during start: " + qemu.outputTail());
        if (System.nanoTime() > end) throw new VmException("vm=" + vmId + ": QEMU did not open its agent socket within " + deadline.toSeconds() + " s");
        if (Thread.interrupted()) throw new InterruptedException("vm=" + vmId + ": interrupted during boot");
        Thread.sleep(5); // QEMU creates the socket file: there is nothing to wait on
      }
      channel = connect(vmId, socket, qemu, end, deadline);
      FrameQueue hello = new FrameQueue();
      channel.start(hello);
      if (start == Start.RESTORE) {
        resume(vmId, channel, end);
        return new Booted(qemu, channel, dir, "restored");
      }
      Frame first;
      try {
        first = hello.take(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
      } catch (ChannelFailedException e) {
        String why = qemu.alive() ? "the guest did not boot within " + deadline.toSeconds() + " s"
            : "QEMU exited during boot: " + qemu.outputTail().replaceAll("^.*waiting for connection[^|]*\\|\\s*", "");
        throw new VmException("vm=" + vmId + ": " + why + " (" + e.getMessage() + "); console: " + QemuProcess.tail(console));
      }
      if (first.type() != Frame.HELLO) {
        throw new VmException("vm=" + vmId + ": the agent's first frame was type 0x" + Integer.toHexString(first.type())
            + ", expected HELLO");
      }
      if (start == Start.BOOT) resume(vmId, channel, end);
      return new Booted(qemu, channel, dir, first.errorMessage());
    } catch (IOException e) {
      cleanUp(qemu, channel, dir);
      throw new VmException("vm=" + vmId + ": cannot start QEMU: " + e.getMessage(), e);
    } catch (VmException | InterruptedException | RuntimeException e) {
      cleanUp(qemu, channel, dir);
      throw e;
    }
  }

  /**
   * Makes a booted (or restored) guest this VM's own: the host's clock, fresh randomness, a new PID
   * base, a writable root. Answered by OK.
   */
  static void resume(String vmId, AgentChannel channel, long end) throws VmException, InterruptedException, IOException {
    byte[] seed = new byte[64];
    RANDOM.nextBytes(seed);
    byte[] full = resumePayload(java.time.Instant.now(), seed);
    FrameQueue answer = new FrameQueue();
    int id = channel.open(answer);
    try {
      channel.send(Frame.RESUME, id, full);
      Frame frame = answer.take(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
      if (frame.type() != Frame.OK) throw new VmException("vm=" + vmId + ": the agent refused RESUME: " + frame.errorMessage());
    } catch (ChannelFailedException e) {
      throw new VmException("vm=" + vmId + ": the agent did not answer RESUME: " + e.getMessage());
    } finally {
      channel.forget(id);
    }
  }

  /** RESUME's payload: the wall clock in ns since the epoch, then the random bytes. */
  static byte[] resumePayload(java.time.Instant now, byte[] seed) {
    byte[] payload = new PayloadWriter().u64(now.getEpochSecond() * 1_000_000_000L + now.getNano()).bytes();
    byte[] full = java.util.Arrays.copyOf(payload, payload.length + seed.length);
    System.arraycopy(seed, 0, full, payload.length, seed.length);
    return full;
  }

  /** Connects once QEMU listens: the socket file appears just before QEMU's listen(). */
  private static AgentChannel connect(String vmId, Path socket, QemuProcess qemu, long end, Duration deadline)
      throws IOException, VmException, InterruptedException {
    while (true) {
      try {
        return AgentChannel.connect(vmId, socket);
      } catch (java.net.ConnectException refused) {
        if (!qemu.alive()) throw new VmException("vm=" + vmId + ": QEMU exited during start: " + qemu.outputTail());
        if (System.nanoTime() > end) throw new VmException("vm=" + vmId + ": QEMU did not accept on its agent socket within " + deadline.toSeconds() + " s");
        Thread.sleep(5); // QEMU binds, then listens: nothing to wait on in between
      }
    }
  }

  /** Kills QEMU now, closes the channel and removes the runtime directory. */
  static void cleanUp(QemuProcess qemu, AgentChannel channel, Path dir) {
    if (channel != null) channel.close();
    if (qemu != null) qemu.stop(Duration.ZERO);
    deleteTree(dir);
  }

  private static Path runtimeDir(String vmId, Path runtimeRoot) throws VmException {
    try {
      Files.createDirectories(runtimeRoot);
      return Files.createDirectory(runtimeRoot.resolve(vmId),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new VmException("vm=" + vmId + ": cannot create runtime directory under " + runtimeRoot + ": " + e.getMessage(), e);
    }
  }

  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      // reported by the caller's leftover check; nothing else holds these files
    }
  }

  /** Makes the QEMU argv for a VM whose runtime directory is {@code dir} (agent socket {@code dir/agent.sock}). */
  interface QemuCommandFactory {
    java.util.List<String> argv(Path dir) throws VmException, InterruptedException;
  }
}

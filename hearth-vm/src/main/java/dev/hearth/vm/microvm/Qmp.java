package dev.hearth.vm.microvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A minimal QMP client (QEMU's JSON control protocol) for what snapshots need: migrate the VM's
 * state to a file and wait for the migration to finish. One command at a time; events are skipped.
 */
final class Qmp implements AutoCloseable {
  private final SocketChannel socket;
  private final BufferedReader in;

  private Qmp(SocketChannel socket) {
    this.socket = socket;
    this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(socket), StandardCharsets.UTF_8));
  }

  static Qmp connect(Path path) throws IOException {
    SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
    socket.connect(UnixDomainSocketAddress.of(path));
    Qmp qmp = new Qmp(socket);
    qmp.in.readLine(); // the greeting
    qmp.execute("{\"execute\":\"qmp_capabilities\"}");
    return qmp;
  }

  /** Sends one command and returns its {@code return} or {@code error} line. */
  String execute(String command) throws IOException {
    socket.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
    while (true) {
      String line = in.readLine();
      if (line == null) throw new IOException("QMP closed during " + command);
      if (line.contains("\"return\"") || line.contains("\"error\"")) return line;
    }
  }

  /** Migrates the (running) VM's state into {@code file} and waits until QEMU says it is complete. */
  void saveTo(Path file, Duration timeout) throws IOException, InterruptedException {
    String started = execute("{\"execute\":\"migrate\",\"arguments\":{\"uri\":\"exec:cat > " + file + "\"}}");
    if (started.contains("\"error\"")) throw new IOException("QMP migrate failed: " + started);
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      String status = execute("{\"execute\":\"query-migrate\"}");
      if (status.contains("\"completed\"")) return;
      if (status.contains("\"failed\"") || status.contains("\"cancelled\"")) throw new IOException("migration failed: " + status);
      Thread.sleep(20); // QEMU reports progress only when asked
    }
    throw new IOException("migration did not complete within " + timeout.toSeconds() + " s");
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

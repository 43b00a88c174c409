package dev.hearth.testing;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP service on the host, listening on every address (the wildcard), that counts the
 * connections it accepts: what a VM must not reach.
 */
final class HostListener implements AutoCloseable {
  private final ServerSocket server;
  private final AtomicInteger accepted = new AtomicInteger();

  private HostListener(ServerSocket server) {
    this.server = server;
    Thread.ofPlatform().daemon().name("host-listener-" + server.getLocalPort()).start(this::acceptAll);
  }

  static HostListener open() throws IOException {
    return new HostListener(new ServerSocket(0));
  }

  int port() {
    return server.getLocalPort();
  }

  int accepted() {
    return accepted.get();
  }

  private void acceptAll() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        accepted.incrementAndGet();
      } catch (IOException closed) {
        return;
      }
    }
  }

  /** {@code 127.0.0.1}, then the host's other IPv4 addresses and its global IPv6 ones (bracket-free). */
  static List<String> hostAddresses() throws SocketException {
    List<String> addresses = new ArrayList<>(List.of("127.0.0.1"));
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp()) continue;
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress()) continue;
        String text = address.getHostAddress();
        if (address instanceof Inet6Address) text = text.replaceAll("%.*$", "");
        addresses.add(text);
      }
    }
    return addresses;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}

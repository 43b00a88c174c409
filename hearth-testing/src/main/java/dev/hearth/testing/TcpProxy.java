package dev.hearth.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on loopback for network-cut tests: forwards every connection to one target until
 * {@link #cut}, which closes every connection it carries and from then on closes each new one as soon
 * as it is accepted (the client sees its connection reset or closed, as behind a dropped link whose
 * far end is gone), until {@link #restore}. Plain sockets, one virtual thread per direction.
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private volatile boolean closed;

  private TcpProxy(ServerSocket server, InetSocketAddress target) {
    this.server = server;
    this.target = target;
  }

  /** A proxy on a free loopback port forwarding to {@code host:port}. */
  public static TcpProxy start(String host, int port) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    TcpProxy proxy = new TcpProxy(server, new InetSocketAddress(host, port));
    Thread.ofPlatform().name("tcp-proxy-" + server.getLocalPort()).daemon().start(proxy::accept);
    return proxy;
  }

  /** The port clients connect to. */
  public int port() {
    return server.getLocalPort();
  }

  /** Closes every connection and refuses new ones until {@link #restore}. */
  public void cut() {
    cut = true;
    for (Socket s : Set.copyOf(sockets)) close(s);
  }

  /** Forwards new connections again. */
  public void restore() {
    cut = false;
  }

  /** Client connections carried now. */
  public int connections() {
    return sockets.size() / 2;
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      if (cut) {
        close(client);
        continue;
      }
      Thread.ofVirtual().start(() -> connect(client));
    }
  }

  private void connect(Socket client) {
    Socket upstream = new Socket();
    try {
      upstream.connect(target, 5_000);
    } catch (IOException e) {
      close(client);
      close(upstream);
      return;
    }
    sockets.add(client);
    sockets.add(upstream);
    if (cut) {
      close(client);
      close(upstream);
      return;
    }
    Thread.ofVirtual().start(() -> pump(client, upstream));
    Thread.ofVirtual().start(() -> pump(upstream, client));
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // closed by cut() or by either end
    } finally {
      close(from);
      close(to);
    }
  }

  private void close(Socket s) {
    sockets.remove(s);
    try {
      s.setSoLinger(true, 0); // a reset, as a link that went away: the peer does not wait for a FIN exchange
    } catch (IOException e) {
      // already closed
    }
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    cut();
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}

package dev.hearth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real echo server behind the proxy: forwarded, cut (closed and refused), restored. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TcpProxyTest {

  static ServerSocket echoServer() throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          Thread.ofVirtual().start(() -> {
            try (s) {
              s.getInputStream().transferTo(s.getOutputStream());
            } catch (IOException e) {
              // the client went away
            }
          });
        } catch (IOException e) {
          return;
        }
      }
    });
    return server;
  }

  static String roundTrip(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes());
    s.getOutputStream().flush();
    return new String(s.getInputStream().readNBytes(text.length()));
  }

  /** True when the connection turns out closed or reset. */
  static boolean closed(Socket s) {
    try {
      s.setSoTimeout(5_000);
      s.getOutputStream().write('x');
      InputStream in = s.getInputStream();
      return in.read() < 0;
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  void forwardsUntilCutThenClosesEveryConnectionAndRefusesNewOnesUntilRestored() throws Exception {
    try (ServerSocket echo = echoServer(); TcpProxy proxy = TcpProxy.start("127.0.0.1", echo.getLocalPort())) {
      Socket before = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
      assertThat(roundTrip(before, "hello")).isEqualTo("hello");

      proxy.cut();
      assertThat(closed(before)).as("a connection open at the cut is closed").isTrue();
      try (Socket during = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
        assertThat(closed(during)).as("a connection made during the cut is closed at once").isTrue();
      }
      assertThat(proxy.connections()).isZero();

      proxy.restore();
      try (Socket after = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
        assertThat(roundTrip(after, "again")).isEqualTo("again");
      }
      before.close();
    }
  }
}

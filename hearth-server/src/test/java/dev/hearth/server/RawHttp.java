package dev.hearth.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * HTTP/1.1 written byte by byte on a loopback socket, so a test can send what {@code java.net.http}
 * refuses to: malformed headers, lying lengths, truncated bodies, chunked bodies streamed from a
 * small buffer. Every exchange is bounded: a server that answers nothing within the limit is a hang.
 */
final class RawHttp {
  static final int READ_LIMIT_MS = 15_000;

  /** How the body is framed on the wire. */
  enum Framing {
    /** A correct Content-Length. */
    LENGTH,
    /** Chunked transfer encoding, no length. */
    CHUNKED,
    /** A Content-Length larger than what is sent; the client then half-closes. */
    TRUNCATED,
    /** {@code Content-Length: -1}. */
    NEGATIVE_LENGTH,
    /** Two different Content-Length headers. */
    TWO_LENGTHS
  }

  /** What came back: the status (0 when the connection closed without a status line) and the raw response text. */
  record Answer(int status, String text) {
    String body() {
      int at = text.indexOf("\r\n\r\n");
      return at < 0 ? "" : text.substring(at + 4);
    }
  }

  private RawHttp() {}

  /** Sends one request on its own connection and reads the whole answer (the server is told to close). */
  static Answer post(int port, String path, List<String> headers, byte[] body, Framing framing) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(READ_LIMIT_MS);
      OutputStream out = socket.getOutputStream();
      StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n");
      headers.forEach(h -> head.append(h).append("\r\n"));
      switch (framing) {
        case LENGTH -> head.append("Content-Length: ").append(body.length).append("\r\n");
        case CHUNKED -> head.append("Transfer-Encoding: chunked\r\n");
        case TRUNCATED -> head.append("Content-Length: ").append(body.length + 1 + body.length / 2).append("\r\n");
        case NEGATIVE_LENGTH -> head.append("Content-Length: -1\r\n");
        case TWO_LENGTHS -> head.append("Content-Length: ").append(body.length).append("\r\nContent-Length: ")
            .append(body.length + 7).append("\r\n");
      }
      head.append("\r\n");
      try {
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (framing == Framing.CHUNKED) {
          chunk(out, body, body.length);
          out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
          out.write(body);
        }
        out.flush();
        socket.shutdownOutput();
      } catch (IOException refusedEarly) {
        // the server may answer and close before the body is all sent (413 on a declared length): read what it said
      }
      return read(socket.getInputStream());
    }
  }

  /** Streams {@code total} bytes as chunks of {@code piece} repeated, without holding them all. */
  static Answer postChunkedRepeated(int port, List<String> headers, byte[] piece, long total) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(READ_LIMIT_MS);
      OutputStream out = socket.getOutputStream();
      StringBuilder head = new StringBuilder("POST /webhook HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n");
      headers.forEach(h -> head.append(h).append("\r\n"));
      head.append("\r\n");
      try {
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        for (long sent = 0; sent < total; sent += piece.length) chunk(out, piece, piece.length);
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException refusedEarly) {
        // answered and closed before the end: read the answer
      }
      return read(socket.getInputStream());
    }
  }

  private static void chunk(OutputStream out, byte[] data, int length) throws IOException {
    if (length == 0) return;
    out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(data, 0, length);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  private static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        got.write(buffer, 0, n);
        if (got.size() > 1_000_000) break;
      }
    } catch (SocketTimeoutException e) {
      if (got.size() == 0) throw new AssertionError("no answer within " + READ_LIMIT_MS + " ms: the server hangs");
    } catch (IOException reset) {
      // a reset after the answer was sent is not a failure of the server
    }
    String text = got.toString(StandardCharsets.ISO_8859_1);
    while (text.startsWith("HTTP/1.1 1") && text.contains("\r\n\r\n")) { // interim answers (100 Continue) precede the final one
      text = text.substring(text.indexOf("\r\n\r\n") + 4);
    }
    int status = 0;
    if (text.startsWith("HTTP/1.1 ") && text.length() >= 12) status = Integer.parseInt(text.substring(9, 12));
    return new Answer(status, text);
  }
}

package dev.hearth.vm.microvm;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Reads the fields of a frame payload; a short payload is a {@link MalformedFrameException}. */
final class PayloadReader {
  private final ByteBuffer in;

  PayloadReader(byte[] payload) {
    this.in = ByteBuffer.wrap(payload);
  }

  int u8() {
    need(1);
    return in.get() & 0xff;
  }

  int u32() {
    need(4);
    return in.getInt();
  }

  String string() {
    int length = u32();
    if (length < 0) throw new MalformedFrameException("string length " + Integer.toUnsignedString(length) + " is negative");
    need(length);
    byte[] bytes = new byte[length];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Bytes not read yet (fields added to a frame later are read only when present). */
  int remaining() {
    return in.remaining();
  }

  private void need(int bytes) {
    if (in.remaining() < bytes) {
      throw new MalformedFrameException("payload ends after " + in.position() + " bytes; " + bytes + " more expected");
    }
  }
}

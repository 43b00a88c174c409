package dev.hearth.vm.microvm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds a frame payload: big-endian integers and length-prefixed UTF-8 strings. */
final class PayloadWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  PayloadWriter u8(int value) {
    out.write(value);
    return this;
  }

  PayloadWriter u32(int value) {
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
    return this;
  }

  PayloadWriter u64(long value) {
    return u32((int) (value >>> 32)).u32((int) value);
  }

  PayloadWriter string(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    u32(bytes.length);
    out.writeBytes(bytes);
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }
}

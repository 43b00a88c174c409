package dev.hearth.vm.microvm.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes a cpio archive in the kernel's initramfs ({@code newc}) format. */
final class CpioWriter implements AutoCloseable {
  private final OutputStream out;
  private long written;
  private int inode = 1;

  CpioWriter(OutputStream out) {
    this.out = out;
  }

  void directory(String name) throws IOException {
    entry(name, 0040755, new byte[0]);
  }

  void file(String name, int mode, byte[] content) throws IOException {
    entry(name, 0100000 | mode, content);
  }

  private void entry(String name, int mode, byte[] content) throws IOException {
    byte[] path = (name + "\0").getBytes(StandardCharsets.UTF_8);
    String header = "070701" + hex(inode++) + hex(mode) + hex(0) + hex(0) + hex(1) + hex(0) + hex(content.length)
        + hex(0) + hex(0) + hex(0) + hex(0) + hex(path.length) + hex(0);
    write(header.getBytes(StandardCharsets.US_ASCII));
    write(path);
    pad();
    write(content);
    pad();
  }

  private static String hex(int value) {
    return String.format("%08x", value);
  }

  private void write(byte[] bytes) throws IOException {
    out.write(bytes);
    written += bytes.length;
  }

  private void pad() throws IOException {
    while (written % 4 != 0) write(new byte[1]);
  }

  @Override
  public void close() throws IOException {
    entry("TRAILER!!!", 0, new byte[0]);
    out.close();
  }
}

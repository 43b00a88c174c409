package dev.hearth.vm.microvm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns one output stream's chunks into lines: a line ends at {@code \n} (a {@code \r} before it is
 * dropped), bytes are decoded as UTF-8 with U+FFFD for malformed input, and a line longer than
 * {@link #MAX_LINE_BYTES} is delivered in pieces of that size. Not thread-safe: one stream, one thread.
 */
final class LineSplitter {
  static final int MAX_LINE_BYTES = 1 << 20;

  private final Consumer<String> lines;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  LineSplitter(Consumer<String> lines) {
    this.lines = lines;
  }

  void accept(byte[] chunk) {
    int start = 0;
    for (int i = 0; i < chunk.length; i++) {
      if (chunk[i] == '\n') {
        line.write(chunk, start, i - start);
        emit(true);
        start = i + 1;
      } else if (line.size() + (i - start) >= MAX_LINE_BYTES) {
        line.write(chunk, start, i - start);
        emit(false);
        start = i;
      }
    }
    line.write(chunk, start, chunk.length - start);
  }

  /** Delivers what is left after the last newline, if anything. */
  void finish() {
    if (line.size() > 0) emit(false);
  }

  private void emit(boolean atNewline) {
    byte[] bytes = line.toByteArray();
    int end = bytes.length;
    if (atNewline && end > 0 && bytes[end - 1] == '\r') end--;
    line.reset();
    lines.accept(new String(bytes, 0, end, StandardCharsets.UTF_8));
  }
}

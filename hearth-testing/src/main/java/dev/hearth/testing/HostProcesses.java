package dev.hearth.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Looks at processes of this host through {@code /proc}. */
final class HostProcesses {
  private HostProcesses() {}

  /** True when {@code pid} is a running process; a zombie (exited, not reaped) is not alive. */
  static boolean alive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }
}

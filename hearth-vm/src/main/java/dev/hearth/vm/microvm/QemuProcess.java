package dev.hearth.vm.microvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One running QEMU, killed by its PID when it must go. */
final class QemuProcess {
  private final Process process;
  private final Path log;

  private QemuProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static QemuProcess start(List<String> argv, Path log) throws IOException {
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
    return new QemuProcess(process, log);
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Waits up to {@code grace} for QEMU to end by itself, then SIGTERM, then SIGKILL; returns when it is gone. */
  void stop(Duration grace) {
    try {
      if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) return;
      process.destroy();
      if (process.waitFor(2, TimeUnit.SECONDS)) return;
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The last lines QEMU printed (its errors), for a boot failure's message. */
  String outputTail() {
    return tail(log);
  }

  static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 6), lines.size())).strip();
    } catch (IOException e) {
      return "";
    }
  }
}

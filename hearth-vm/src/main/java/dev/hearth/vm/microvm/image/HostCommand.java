package dev.hearth.vm.microvm.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs a host program that an image build needs and fails with what it said. */
final class HostCommand {
  private HostCommand() {}

  /** Runs {@code argv} in {@code dir}; returns its stdout; throws with its output when it fails. */
  static String run(String step, List<String> argv, Path dir) throws ImageException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().put("LC_ALL", "C");
    builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new ImageException(step + ": cannot start " + argv.get(0) + " (" + e.getMessage() + "); is it installed?", e);
    }
    try {
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = process.waitFor();
      if (code != 0) {
        throw new ImageException(step + ": " + String.join(" ", argv) + " exited with " + code + ":\n" + tail(output));
      }
      return output;
    } catch (IOException e) {
      throw new ImageException(step + ": reading the output of " + argv.get(0) + " failed: " + e.getMessage(), e);
    } finally {
      process.destroyForcibly();
    }
  }

  private static String tail(String output) {
    String[] lines = output.strip().split("\n");
    int from = Math.max(0, lines.length - 15);
    return String.join("\n", java.util.Arrays.asList(lines).subList(from, lines.length));
  }
}

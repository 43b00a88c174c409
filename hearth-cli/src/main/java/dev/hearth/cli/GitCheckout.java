package dev.hearth.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What the commands learn from a local git checkout, through the real {@code git}. */
final class GitCheckout {
  private GitCheckout() {}

  /** The checked-out branch of {@code dir}, or null when it is not a git checkout or HEAD is detached. */
  static String currentBranch(Path dir) {
    try {
      Process p = new ProcessBuilder("git", "-C", dir.toString(), "symbolic-ref", "-q", "--short", "HEAD")
          .redirectErrorStream(true)
          .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 && !out.isEmpty() ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}

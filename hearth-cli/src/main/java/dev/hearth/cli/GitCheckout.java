package dev.hearth.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** What the commands learn from a local git checkout, through the real {@code git}. */
final class GitCheckout {
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

  private GitCheckout() {}

  /** The checked-out branch of {@code dir}, or null when it is not a git checkout or HEAD is detached. */
  static String currentBranch(Path dir) {
    return git(dir, "symbolic-ref", "-q", "--short", "HEAD").orElse(null);
  }

  /** The commit HEAD names ({@code git rev-parse HEAD}), when {@code dir} is a git checkout with one. */
  static Optional<String> headCommit(Path dir) {
    return git(dir, "rev-parse", "-q", "--verify", "HEAD^{commit}").filter(s -> SHA.matcher(s).matches());
  }

  /** The trimmed standard output of a git command that succeeded with some; empty otherwise. */
  private static Optional<String> git(Path dir, String... args) {
    String[] cmd = new String[args.length + 3];
    cmd[0] = "git";
    cmd[1] = "-C";
    cmd[2] = dir.toString();
    System.arraycopy(args, 0, cmd, 3, args.length);
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return p.exitValue() == 0 && !out.isEmpty() ? Optional.of(out) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}

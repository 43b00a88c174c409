package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real git checkout in a temporary directory, for the commands to run on. */
record Repo(Path dir) {
  static Repo init(Path dir, String branch) throws Exception {
    java.nio.file.Files.createDirectories(dir);
    Repo repo = new Repo(dir);
    repo.git("init", "-q", "-b", branch);
    return repo;
  }

  Repo workflow(String name, String text) throws IOException {
    Path folder = Files.createDirectories(dir.resolve(".github/workflows"));
    Files.writeString(folder.resolve(name), text);
    return this;
  }

  Path file(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    return Files.writeString(f, text);
  }

  /** Commits everything (so HEAD has a commit) and returns its SHA. */
  String commit() throws Exception {
    git("add", "-A");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "test");
    return GitCheckout.headCommit(dir).orElseThrow();
  }

  void git(String... args) throws Exception {
    String[] cmd = new String[args.length + 3];
    cmd[0] = "git";
    cmd[1] = "-C";
    cmd[2] = dir.toString();
    System.arraycopy(args, 0, cmd, 3, args.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
  }
}

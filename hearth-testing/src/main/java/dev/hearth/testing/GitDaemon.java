package dev.hearth.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real git repositories served on loopback by {@code git daemon} ({@code git://127.0.0.1:PORT/owner/name.git}),
 * each pushed from a working repository the test commits to. Close it to stop the daemon.
 */
public final class GitDaemon implements AutoCloseable {
  private final Path base;
  private final Process daemon;
  private final int port;

  private GitDaemon(Path base, Process daemon, int port) {
    this.base = base;
    this.daemon = daemon;
    this.port = port;
  }

  /** Starts a daemon serving the bare repositories under {@code base} on a free loopback port. */
  public static GitDaemon start(Path base) throws Exception {
    Files.createDirectories(base);
    for (int attempt = 0; ; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Process p = new ProcessBuilder("git", "daemon", "--export-all", "--reuseaddr", "--listen=127.0.0.1",
          "--port=" + port, "--base-path=" + base, base.toString())
          .redirectErrorStream(true).redirectOutput(base.resolveSibling("git-daemon-" + port + ".log").toFile()).start();
      for (int i = 0; i < 100 && p.isAlive(); i++) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
          return new GitDaemon(base, p, port);
        } catch (IOException notYet) {
          Thread.sleep(50);
        }
      }
      p.destroyForcibly();
      if (attempt == 3) throw new IllegalStateException("git daemon did not start on a free port");
    }
  }

  /** The URL the repositories are under: {@code git://127.0.0.1:PORT}. */
  public String baseUrl() {
    return "git://127.0.0.1:" + port;
  }

  /** A new repository {@code owner/name}: a working tree to commit in, pushed to the served bare one. */
  public Repository create(String fullName, String branch) throws Exception {
    Path bare = base.resolve(fullName + ".git");
    Path work = base.resolveSibling("work").resolve(fullName);
    Files.createDirectories(bare);
    Files.createDirectories(work);
    git(bare, "init", "-q", "--bare");
    git(work, "init", "-q", "-b", branch);
    git(work, "remote", "add", "origin", bare.toString());
    return new Repository(fullName, work, branch);
  }

  /** A working repository whose commits are pushed to the daemon. */
  public final class Repository {
    private final String fullName;
    private final Path work;
    private final String branch;

    Repository(String fullName, Path work, String branch) {
      this.fullName = fullName;
      this.work = work;
      this.branch = branch;
    }

    public String fullName() {
      return fullName;
    }

    public String cloneUrl() {
      return baseUrl() + "/" + fullName + ".git";
    }

    public Repository file(String path, String text) throws IOException {
      Path f = work.resolve(path);
      Files.createDirectories(f.getParent());
      Files.writeString(f, text);
      return this;
    }

    /** Commits everything, pushes the branch and returns the commit's sha. */
    public String commitAndPush() throws Exception {
      return commitAndPushTo("refs/heads/" + branch);
    }

    /** Commits everything on top of the last commit, pushes it to {@code ref} (e.g. {@code refs/pull/7/merge}) and returns its sha. */
    public String commitAndPushTo(String ref) throws Exception {
      git(work, "add", "-A");
      git(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "test");
      git(work, "push", "-q", "origin", "+HEAD:" + ref);
      return git(work, "rev-parse", "HEAD").strip();
    }
  }

  private static String git(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
    return out;
  }

  @Override
  public void close() {
    daemon.descendants().forEach(ProcessHandle::destroyForcibly);
    daemon.destroyForcibly();
    try {
      daemon.waitFor(10, java.util.concurrent.TimeUnit.SECONDS); // gone before the caller tests "no network"
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

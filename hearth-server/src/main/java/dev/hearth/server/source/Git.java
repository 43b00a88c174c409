package dev.hearth.server.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code git} command. A token is given to git through the environment as an HTTP
 * {@code Authorization} header ({@code GIT_CONFIG_*}), so it shows neither in a URL, in {@code ps}
 * nor in a log; git never prompts.
 */
final class Git {
  /** What a git command printed and how it exited. */
  record Result(int exit, String out, String err) {
    boolean ok() {
      return exit == 0;
    }
  }

  private static final Executor THREADS = Executors.newVirtualThreadPerTaskExecutor();

  private final String token;

  /** @param token the token for HTTP(S) remotes, or null */
  Git(String token) {
    this.token = token;
  }

  Result run(Path dir, long timeoutSeconds, String... args) throws SourceException {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    if (dir != null) pb.directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("GIT_ASKPASS", "true");
    env.put("LC_ALL", "C");
    if (token != null) {
      String basic = Base64.getEncoder().encodeToString(("x-access-token:" + token).getBytes(StandardCharsets.UTF_8));
      env.put("GIT_CONFIG_COUNT", "1");
      env.put("GIT_CONFIG_KEY_0", "http.extraHeader");
      env.put("GIT_CONFIG_VALUE_0", "Authorization: Basic " + basic);
    }
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drainText(p.getInputStream()), THREADS);
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drainText(p.getErrorStream()), THREADS);
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new SourceException("git " + args[0] + " took longer than " + timeoutSeconds + " s and was stopped");
      }
      return new Result(p.exitValue(), out.join(), err.join().strip());
    } catch (IOException e) {
      throw new SourceException("cannot run git: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceException("interrupted while running git " + args[0], e);
    }
  }

  private static String drainText(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}

package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.server.store.Delivery;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoredRun;
import dev.hearth.server.store.VmRecord;
import dev.hearth.testing.GitDaemon;
import dev.hearth.testing.PushPayloads;
import dev.hearth.testing.WebhookClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hearth serve} as a real process (the shaded jar), killed with SIGKILL while runs are
 * queued and running, then started again: every accepted delivery has exactly one run, none ran
 * twice, the interrupted ones are failed ("runner restarted"), and no host VM (work directory or
 * process) is left alive.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ServeRestartIT {
  static final Path JAR = Path.of(System.getProperty("user.dir")).resolve("target/hearth.jar");
  static final String SECRET = "restart-secret";
  static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path tmp;

  @Test
  void killedServerResumesQueuedRunsFailsRunningOnesAndLeavesNoVmAlive() throws Exception {
    Path starts = tmp.resolve("starts.txt");
    Files.createFile(starts);
    try (GitDaemon git = GitDaemon.start(tmp.resolve("served"))) {
      GitDaemon.Repository repo = git.create("octo/slow", "main");
      String sha = repo.file(".github/workflows/slow.yml", """
          on: push
          jobs:
            slow:
              runs-on: ubuntu-latest
              steps:
                - run: echo "$GITHUB_RUN_ID" >> %s && sleep 6
          """.formatted(starts)).commitAndPush();
      Path config = Files.writeString(tmp.resolve("hearth.yml"), """
          listen: 127.0.0.1:0
          data-dir: %s
          provider: host
          max-sessions: 2
          source:
            base-url: %s
          """.formatted(tmp.resolve("data"), git.baseUrl()));
      byte[] body = PushPayloads.push("octo/slow", "https://github.com/octo/slow.git", "main", sha);
      List<String> deliveries = List.of("r-1", "r-2", "r-3", "r-4", "r-5");

      Server first = Server.start(config, tmp);
      Server second = null;
      try {
      for (String d : deliveries) assertThat(first.client.send("push", d, body, SECRET).statusCode()).isEqualTo(202);
      try (Store store = Store.open("sqlite:" + tmp.resolve("data/hearth.db"))) {
        await("two runs running and the rest queued", () -> lines(starts).size(), n -> n == 2);
        assertThat(store.runs()).hasSize(5);
        first.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(vmProcesses(tmp)).as("the killed server's steps outlive it (setsid)").isNotEmpty();

        second = Server.start(config, tmp);
        {
          List<StoredRun> runs = await("every run to finish", store::runs,
              rs -> rs.size() == 5 && rs.stream().allMatch(r -> r.state().equals(StoredRun.FINISHED)));
          for (String d : deliveries) {
            assertThat(store.delivery(d)).get().extracting(Delivery::state).isEqualTo(Delivery.State.PLANNED);
            assertThat(store.runsOf(d)).hasSize(1);
          }
          // One assertion over every run's outcome, so that a failure shows all five with their reasons.
          List<String> outcomes = runs.stream().map(r -> r.conclusion() + " (" + r.reason() + ")").sorted().toList();
          assertThat(outcomes).as("the outcome of every run: %s", runs).containsExactly(
              "failure (runner restarted)", "failure (runner restarted)",
              "success (null)", "success (null)", "success (null)");
          assertThat(runs).allSatisfy(r -> assertThat(r.attempts()).isEqualTo(1));
          assertThat(lines(starts)).as("each run started once").doesNotHaveDuplicates().hasSize(5);
          List<VmRecord> vms = store.progress().vms();
          assertThat(vms).hasSize(5);
          assertThat(vms).filteredOn(v -> v.state().equals("reaped")).hasSize(2);
          assertThat(vms).filteredOn(v -> v.state().equals("released")).hasSize(3);
          assertThat(vmProcesses(tmp)).as("no step process left alive").isEmpty();
          try (Stream<Path> left = Files.list(tmp.resolve("java-tmp/hearth-vms"))) {
            assertThat(left.toList()).as("no host VM work directory left").isEmpty();
          }
        }
      }
      } finally {
        first.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        if (second != null) {
          second.process.destroy();
          second.process.waitFor(60, TimeUnit.SECONDS);
        }
      }
    }
  }

  /** A {@code hearth serve} process and a client for its port. */
  record Server(Process process, WebhookClient client) {
    static Server start(Path config, Path tmp) throws Exception {
      Files.createDirectories(tmp.resolve("java-tmp"));
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Djava.io.tmpdir=" + tmp.resolve("java-tmp"), "-jar", JAR.toString(), "serve", "--config", config.toString())
          .redirectErrorStream(true);
      pb.environment().put("HEARTH_WEBHOOK_SECRET", SECRET);
      Process p = pb.start();
      CompletableFuture<Integer> port = new CompletableFuture<>();
      Thread.ofVirtual().start(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            System.out.println("[serve " + p.pid() + "] " + line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) port.complete(Integer.parseInt(m.group(1)));
          }
        } catch (IOException e) {
          port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("hearth serve exited before listening"));
      });
      return new Server(p, new WebhookClient(port.get(60, TimeUnit.SECONDS)));
    }
  }

  /** Processes whose working directory is inside a host VM of this test. */
  static List<Long> vmProcesses(Path tmp) throws IOException {
    Path root = tmp.resolve("java-tmp/hearth-vms").toRealPath();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).filter(p -> {
        try {
          return Files.readSymbolicLink(p.resolve("cwd")).startsWith(root);
        } catch (IOException | SecurityException e) {
          return false;
        }
      }).map(p -> Long.parseLong(p.getFileName().toString())).toList();
    }
  }

  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  static <T> T await(String what, Supplier<T> value, Predicate<T> done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    T last = value.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) throw new AssertionError("gave up waiting for " + what + "; last seen: " + last);
      Thread.sleep(50);
      last = value.get();
    }
    return last;
  }
}

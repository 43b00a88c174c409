package dev.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.server.store.StoredRun;
import dev.hearth.testing.GitDaemon;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting {@code hearth serve} in a process, running a workflow on it (a job's timeout is a timer)
 * and closing it, again and again, leaves none of its threads behind.
 */
@Timeout(120)
class ServerThreadsTest {
  private static final int STARTS = 3;
  private static final String SECRET = "threads-secret";

  @TempDir Path tmp;

  @Test
  void aClosedServerLeavesNoThreadOfItsOwnRunning() throws Exception {
    Map<String, Long> before = hearthThreads();
    try (GitDaemon git = GitDaemon.start(tmp.resolve("served"))) {
      GitDaemon.Repository repo = git.create("octo/threads", "main");
      String sha = repo.file(".github/workflows/ci.yml", """
          on: push
          jobs:
            build:
              runs-on: ubuntu-latest
              steps:
                - run: echo hi
          """).commitAndPush();
      for (int i = 0; i < STARTS; i++) {
        Path data = tmp.resolve("data-" + i);
        try (ServeFixture serve = ServeFixture.start(ServeFixture.config(data, "sqlite:" + data.resolve("hearth.db"),
            git.baseUrl(), List.of(SECRET)))) {
          String delivery = "d-" + i;
          assertThat(serve.client.send("push", delivery, ApiFixture.push(repo, sha), SECRET).statusCode()).isEqualTo(202);
          long run = Eventually.await("run of " + delivery, () -> serve.store().runsOf(delivery), r -> !r.isEmpty()).getFirst().id();
          StoredRun done = Eventually.await("run " + run + " to finish", () -> serve.store().run(run).orElseThrow(),
              r -> r.state().equals(StoredRun.FINISHED));
          assertThat(done.conclusion()).isEqualTo("success");
        }
      }
    }

    // a thread may end a moment after close() returned: wait for that (bounded), then name what is left
    Map<String, Long> after = Eventually.await("no more hearth threads than before the servers: " + before,
        ServerThreadsTest::hearthThreads, now -> now.entrySet().stream().allMatch(e -> e.getValue() <= allowed(before, e.getKey())));
    assertThat(after).as("hearth threads (name: count) after %s servers ran a workflow and closed", STARTS)
        .allSatisfy((name, count) -> assertThat(count).as(name).isLessThanOrEqualTo(allowed(before, name)));
  }

  /** As many as before; the process's one timer thread may stay a while after its last timer. */
  private static long allowed(Map<String, Long> before, String name) {
    long was = before.getOrDefault(name, 0L);
    return name.equals("hearth-timers") ? Math.max(1, was) : was;
  }

  /** Live threads whose names start with {@code hearth-}, counted by name without a trailing number. */
  private static Map<String, Long> hearthThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith("hearth-")).collect(Collectors.groupingBy(n -> n.replaceAll("[-0-9]+$", ""), TreeMap::new,
            Collectors.counting()));
  }
}

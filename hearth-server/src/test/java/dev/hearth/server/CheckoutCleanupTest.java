package dev.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.server.store.PlannedRun;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoredRun;
import dev.hearth.testing.GitDaemon;
import dev.hearth.testing.PushPayloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hearth serve} deletes a run's checkout ({@code <data-dir>/checkouts/<delivery>}) once the run
 * is final, whichever way it ends — finished, replaced while queued in its concurrency group,
 * cancelled through the API while queued, failed by a restart — and never the checkout of a run that
 * is running. Real git daemon, real server, host provider.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CheckoutCleanupTest {
  static final String SECRET = "cleanup-secret";

  @TempDir Path dir;

  @Test
  void checkoutsOfReplacedCancelledAndFinishedRunsAreDeletedAndTheRunningRunsIsKept() throws Exception {
    Path gate = dir.resolve("gate");
    try (GitDaemon git = GitDaemon.start(dir.resolve("served"))) {
      GitDaemon.Repository repo = git.create("octo/clean", "main");
      String sha = repo.file(".github/workflows/ci.yml", """
          on: push
          concurrency: deploy
          jobs:
            wait:
              runs-on: ubuntu-latest
              timeout-minutes: 2
              steps:
                - run: while [ ! -f '%s' ]; do sleep 0.05; done
          """.formatted(gate)).commitAndPush();
      byte[] push = PushPayloads.push("octo/clean", "https://github.com/octo/clean.git", "main", sha);
      Path data = dir.resolve("data");
      try (ServeFixture s = ServeFixture.start(ServeFixture.config(data, "sqlite:" + data.resolve("hearth.db"), git.baseUrl(),
          List.of(SECRET)))) {
        send(s, "d1", push);
        StoredRun running = await(s, "d1", StoredRun.RUNNING);
        send(s, "d2", push);
        await(s, "d2", StoredRun.QUEUED);
        assertThat(checkout(data, "d2")).isDirectory();

        send(s, "d3", push);
        StoredRun replacing = await(s, "d3", StoredRun.QUEUED);
        assertThat(await(s, "d2", StoredRun.FINISHED).conclusion()).isEqualTo("cancelled");
        Eventually.await("the replaced run's checkout to be deleted", () -> Files.exists(checkout(data, "d2")), e -> !e);

        assertThat(ApiFixture.call(s.server.port(), "POST", "/api/runs/" + replacing.id() + "/cancel").statusCode())
            .isEqualTo(202);
        Eventually.await("the cancelled run's checkout to be deleted", () -> Files.exists(checkout(data, "d3")), e -> !e);

        assertThat(checkout(data, "d1")).as("run %s is running", running.id()).isDirectory();
        assertThat(checkout(data, "d1").resolve(".github/workflows/ci.yml")).isRegularFile();

        Files.writeString(gate, "open");
        assertThat(await(s, "d1", StoredRun.FINISHED).conclusion()).isEqualTo("success");
        Eventually.await("the finished run's checkout to be deleted", () -> Files.exists(checkout(data, "d1")), e -> !e);
      }
    }
  }

  @Test
  void aServerThatStartsDeletesCheckoutsOfRunsItsRestartFailedAndOfUnknownDeliveries() throws Exception {
    Path data = dir.resolve("data");
    String url = "sqlite:" + data.resolve("hearth.db");
    Files.createDirectories(data);
    Instant t0 = Instant.now();
    try (Store store = Store.open(url)) {
      // A run of group never-free that another (live) host runs, so a run of that group stays queued.
      store.accept("holder", "push", null, "octo/clean", "{}", t0);
      store.plan("holder", "push", "octo/clean", "b".repeat(40), "/nowhere", false,
          List.of(new PlannedRun(".github/workflows/ci.yml", "ci", "never-free", false)), null, t0);
      store.fleet().register("other-host", 1, java.time.Duration.ofHours(1), t0);
      store.fleet().claim("other-host", 1, t0.plusSeconds(3600), 0, t0);
      for (String d : List.of("was-running", "still-queued")) {
        store.accept(d, "push", null, "octo/clean", "{}", t0);
        store.plan(d, "push", "octo/clean", "a".repeat(40), checkout(data, d).toString(), false,
            List.of(new PlannedRun(".github/workflows/ci.yml", "ci", d.equals("still-queued") ? "never-free" : null, false)),
            null, t0);
        Files.createDirectories(checkout(data, d).resolve(".git"));
      }
      // The previous process was running it (from before the fleet: no owner).
      store.markRunning(store.runsOf("was-running").getFirst().id(), t0);
    }
    Files.createDirectories(checkout(data, "unknown-delivery").resolve(".git"));

    try (ServeFixture s = ServeFixture.start(ServeFixture.config(data, url, null, List.of(SECRET)))) {
      StoredRun failed = s.store().runsOf("was-running").getFirst();
      assertThat(failed.reason()).isEqualTo("runner restarted");
      assertThat(checkout(data, "was-running")).doesNotExist();
      assertThat(checkout(data, "unknown-delivery")).doesNotExist();
      assertThat(s.store().runsOf("still-queued").getFirst().state()).isEqualTo(StoredRun.QUEUED);
      assertThat(checkout(data, "still-queued")).isDirectory();
    }
  }

  private static Path checkout(Path data, String delivery) {
    return data.resolve("checkouts").resolve(delivery);
  }

  private static void send(ServeFixture s, String delivery, byte[] payload) throws Exception {
    assertThat(s.client.send("push", delivery, payload, SECRET).statusCode()).isEqualTo(202);
  }

  private static StoredRun await(ServeFixture s, String delivery, String state) throws Exception {
    return Eventually.await("a run of " + delivery + " " + state, () -> s.store().runsOf(delivery),
        l -> !l.isEmpty() && l.getFirst().state().equals(state)).getFirst();
  }
}

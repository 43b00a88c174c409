package dev.hearth.server.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.server.source.Mirrors;
import dev.hearth.server.store.PlannedRun;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoredRun;
import dev.hearth.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delivery's checkout is deleted once its runs are final, on every path a run ends by — finished,
 * cancelled while queued, replaced in its concurrency group, failed by a restart, expired after its host
 * died — and never while one of its runs is queued or running. Real SQLite, real directories.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunCheckoutsTest {
  @TempDir Path dir;
  Store store;
  ManualClock clock;
  RunCheckouts checkouts;
  final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

  @BeforeEach
  void open() {
    store = Store.open("sqlite:" + dir.resolve("hearth.db"));
    clock = new ManualClock(t0);
    checkouts = new RunCheckouts(store, new Mirrors(dir.resolve("mirrors"), null, null), dir.resolve("checkouts"), clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void finishedRunsCheckoutIsDeletedAndARunningRunsIsKept() throws Exception {
    StoredRun done = planned("d1", null);
    StoredRun running = planned("d2", null);
    claim("here");
    store.finishRun(done.id(), "success", null, "here", t0);

    assertThat(checkouts.deleteIfFinal("d1")).isTrue();
    assertThat(checkouts.deleteIfFinal("d2")).isFalse();
    assertThat(checkouts.sweep()).isZero();
    assertThat(checkouts.dir("d1")).doesNotExist();
    assertThat(checkouts.dir(running.deliveryId())).isDirectory();
  }

  @Test
  void deliveryWithOneRunStillQueuedKeepsItsCheckout() throws Exception {
    planned("d1", null, ".github/workflows/a.yml", ".github/workflows/b.yml");
    StoredRun a = store.runsOf("d1").getFirst();
    store.cancelQueued(a.id(), "cancelled through the API", t0);

    assertThat(checkouts.deleteIfFinal("d1")).as("b.yml is still queued").isFalse();
    store.cancelQueued(store.runsOf("d1").get(1).id(), "cancelled through the API", t0);
    assertThat(checkouts.deleteIfFinal("d1")).isTrue();
    assertThat(checkouts.dir("d1")).doesNotExist();
  }

  @Test
  void queuedRunReplacedInItsConcurrencyGroupLosesItsCheckoutAtTheNextSweep() throws Exception {
    planned("d1", "deploy");
    checkouts.sweep();
    planned("d2", "deploy");
    assertThat(store.runsOf("d1").getFirst().conclusion()).isEqualTo("cancelled");

    checkouts.sweepIfDue();
    assertThat(checkouts.dir("d1")).as("not due yet, not asked").isDirectory();
    checkouts.sweepSoon();
    checkouts.sweepIfDue();
    assertThat(checkouts.dir("d1")).doesNotExist();
    assertThat(checkouts.dir("d2")).as("queued").isDirectory();
  }

  @Test
  void sweepAfterARestartDeletesRunsFailedByItAndUnknownDirectoriesButNotQueuedOrAcceptedOnes() throws Exception {
    StoredRun interrupted = planned("d1", null);
    claim("here");
    planned("d2", null);
    store.accept("d3", "push", null, "octo/repo", "{}", "here", t0);
    Files.createDirectories(checkouts.dir("d3")); // being planned
    Files.createDirectories(checkouts.dir("no-such-delivery").resolve(".git"));

    store.fleet().loseRunsOf("here", RunQueue.RESTARTED, 0, t0);
    assertThat(store.run(interrupted.id()).orElseThrow().state()).isEqualTo(StoredRun.FINISHED);
    assertThat(checkouts.sweep()).isEqualTo(2);

    assertThat(checkouts.dir("d1")).doesNotExist();
    assertThat(checkouts.dir("no-such-delivery")).doesNotExist();
    assertThat(checkouts.dir("d2")).isDirectory();
    assertThat(checkouts.dir("d3")).isDirectory();
  }

  @Test
  void runExpiredAfterItsHostDiedIsSweptByThatHostWhenItComesBackUnlessItWasQueuedAgain() throws Exception {
    store.fleet().register("dead", 2, Duration.ofSeconds(15), t0);
    planned("d1", null);
    planned("d2", null);
    List<StoredRun> claimed = store.fleet().claim("dead", 1, t0.plusSeconds(15), 0, t0);
    assertThat(claimed).hasSize(1);
    store.fleet().expireLeases(t0.plusSeconds(60), 0); // another host's heartbeat: failed
    store.fleet().claim("dead", 1, t0.plusSeconds(75), 0, t0.plusSeconds(60));
    store.fleet().expireLeases(t0.plusSeconds(120), 1); // queued again

    checkouts.sweep();
    assertThat(checkouts.dir(claimed.getFirst().deliveryId())).doesNotExist();
    assertThat(checkouts.dir("d2")).as("queued again after its host was lost").isDirectory();
  }

  @Test
  void sweepRunsEveryMinuteOnTheClock() throws Exception {
    checkouts.sweep();
    Files.createDirectories(checkouts.dir("stray"));
    clock.advance(Duration.ofSeconds(59));
    checkouts.sweepIfDue();
    assertThat(checkouts.dir("stray")).isDirectory();
    clock.advance(Duration.ofSeconds(1));
    checkouts.sweepIfDue();
    assertThat(checkouts.dir("stray")).doesNotExist();
  }

  private StoredRun planned(String delivery, String group) throws Exception {
    return planned(delivery, group, ".github/workflows/ci.yml");
  }

  private StoredRun planned(String delivery, String group, String... files) throws Exception {
    store.accept(delivery, "push", null, "octo/repo", "{}", "here", t0);
    Path checkout = checkouts.dir(delivery);
    Files.createDirectories(checkout.resolve(".git"));
    Files.writeString(checkout.resolve("README"), "x");
    List<PlannedRun> runs = java.util.Arrays.stream(files).map(f -> new PlannedRun(f, f, group, false)).toList();
    return store.plan(delivery, "push", "octo/repo", "a".repeat(40), checkout.toString(), false, runs, null, t0).getFirst();
  }

  private void claim(String host) {
    store.fleet().register(host, 8, Duration.ofSeconds(15), t0);
    store.fleet().claim(host, 8, t0.plusSeconds(15), 0, t0);
  }
}

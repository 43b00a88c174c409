package dev.hearth.server.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.engine.Conclusion;
import dev.hearth.engine.RunEvent;
import dev.hearth.server.store.PlannedRun;
import dev.hearth.server.store.RunLease;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoredRun;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's listener on a real SQLite store, for a host that lost the run (its lease lapsed and the run
 * was queued again) or that fenced it itself: the run's record does not change, its VM records do.
 */
class StoreListenerFencingTest {
  static final Duration LEASE = Duration.ofSeconds(15);
  final Instant t0 = Instant.parse("2026-12-05T00:00:00Z");
  @TempDir Path dir;
  Store store;
  long runId;
  StoredRun claimed;

  @BeforeEach
  void claimARun() {
    store = Store.open("sqlite:" + dir.resolve("hearth.db"));
    store.fleet().register("a", 1, LEASE, t0);
    store.accept("d1", "push", null, "octo/hello", "{}", "a", t0);
    runId = store.plan("d1", "push", "octo/hello", "abc", "/nowhere", false, List.of(new PlannedRun("ci.yml", "ci")), null,
        t0).getFirst().id();
    claimed = store.fleet().claim("a", 1, t0.plus(LEASE), 0, t0).getFirst();
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** The events of a one-step run, from its VM's allocation to its end, with {@code lines} lines of output. */
  static List<RunEvent> oneStepRun(String run, Instant at, int lines) {
    List<RunEvent> events = new java.util.ArrayList<>(List.of(new RunEvent.VmAllocated(run, "vm-a", "host", "workflow",
        Duration.ZERO, at), new RunEvent.RunStarted(run, "ci.yml", at), new RunEvent.JobStarted(run, "build", "build", "vm-a",
        at), new RunEvent.StepStarted(run, "build", "1", "step", at)));
    for (int i = 0; i < lines; i++) events.add(new RunEvent.LogLine(run, "build", "1", "stdout", "line " + i, at));
    events.addAll(List.of(new RunEvent.StepFinished(run, "build", "1", Conclusion.SUCCESS, Conclusion.SUCCESS, Duration.ZERO,
        at), new RunEvent.JobFinished(run, "build", Conclusion.SUCCESS, Map.of(), Duration.ZERO, at),
        new RunEvent.VmReleased(run, "vm-a", Duration.ZERO, at), new RunEvent.RunFinished(run, "ci.yml", Conclusion.SUCCESS,
        Duration.ZERO, at)));
    return events;
  }

  @Test
  void aHostThatLostTheRunLeavesItsRecordAloneButRecordsItsVm() {
    store.fleet().expireLeases(t0.plus(LEASE).plusSeconds(1), 1);
    StoredRun before = store.run(runId).orElseThrow();
    StoreListener listener = new StoreListener(store, RunLease.of(claimed, "a"), new RunFence(), () -> false,
        new PendingVmReleases());

    oneStepRun(Long.toString(runId), t0.plusSeconds(20), 450).forEach(listener::on);

    assertThat(store.run(runId).orElseThrow()).isEqualTo(before);
    assertThat(before.state()).isEqualTo(StoredRun.QUEUED);
    assertThat(store.progress().jobs(runId)).isEmpty();
    assertThat(store.progress().steps(runId)).isEmpty();
    assertThat(store.progress().logs(runId)).isEmpty();
    assertThat(store.progress().vmsOf(runId)).singleElement().satisfies(v -> assertThat(v.state()).isEqualTo("released"));
  }

  @Test
  void aRunFencedHereWritesNothingMoreOfItsProgressEvenWhileItsLeaseHolds() {
    RunFence fence = new RunFence();
    StoreListener listener = new StoreListener(store, RunLease.of(claimed, "a"), fence, () -> false, new PendingVmReleases());
    List<RunEvent> events = oneStepRun(Long.toString(runId), t0.plusSeconds(1), 3);
    events.subList(0, 4).forEach(listener::on);
    fence.fence("host a could not renew its lease");
    events.subList(4, events.size()).forEach(listener::on);

    assertThat(store.run(runId).orElseThrow().state()).as("left for the lease's expiry or the host's give-up")
        .isEqualTo(StoredRun.RUNNING);
    assertThat(store.progress().steps(runId)).singleElement().satisfies(s -> assertThat(s.state()).isEqualTo("running"));
    assertThat(store.progress().logs(runId)).isEmpty();
    assertThat(store.progress().vmsOf(runId)).singleElement().satisfies(v -> assertThat(v.state()).isEqualTo("released"));
  }
}

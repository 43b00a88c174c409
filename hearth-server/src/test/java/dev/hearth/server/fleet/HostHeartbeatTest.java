package dev.hearth.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.server.config.FleetSettings;
import dev.hearth.server.metrics.PoolGauge;
import dev.hearth.server.store.HostPools;
import dev.hearth.server.store.PlannedRun;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoredRun;
import dev.hearth.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hosts' heartbeats over one real SQLite store on a manual clock: a host that stops beating loses
 * its runs to the other, a stalled host that comes back cancels what it lost, and a cancel asked
 * through the store reaches the host running the run.
 */
class HostHeartbeatTest {
  static final Duration LEASE = Duration.ofSeconds(3);

  /** The runs one host "executes": the neighbour of the heartbeat, recorded. */
  static final class Runs implements LocalRuns {
    final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    final Map<Long, String> cancelled = new ConcurrentHashMap<>();
    final Map<Long, String> fenced = new ConcurrentHashMap<>();
    final AtomicInteger wakes = new AtomicInteger();

    @Override
    public Set<Long> inFlight() {
      return Set.copyOf(inFlight);
    }

    @Override
    public void cancelHere(long runId, String why) {
      cancelled.put(runId, why);
    }

    @Override
    public void fenceHere(long runId, String why) {
      fenced.put(runId, why);
      cancelled.put(runId, why);
    }

    @Override
    public int openSessions() {
      return inFlight.size();
    }

    @Override
    public void queueChanged() {
      wakes.incrementAndGet();
    }
  }

  @TempDir Path dir;
  final ManualClock clock = new ManualClock();
  Store store;
  final Runs runsOfA = new Runs();
  final Runs runsOfB = new Runs();
  HostHeartbeat a;
  HostHeartbeat b;

  @BeforeEach
  void open() {
    store = Store.open("sqlite:" + dir.resolve("hearth.db"));
    a = new HostHeartbeat(store.fleet(), new FleetSettings("a", LEASE, 1, 0), 2, runsOfA, clock);
    b = new HostHeartbeat(store.fleet(), new FleetSettings("b", LEASE, 1, 0), 2, runsOfB, clock);
    a.register();
    b.register();
  }

  @AfterEach
  void close() {
    store.close();
  }

  long queueAndClaim(String host, Runs runs) {
    String id = "d" + System.nanoTime();
    store.accept(id, "push", null, "octo/hello", "{}", host, clock.instant());
    long run = store.plan(id, "push", "octo/hello", "abc", "/nowhere", false, List.of(new PlannedRun("ci.yml", "ci")), null,
        clock.instant()).getFirst().id();
    assertThat(store.fleet().claim(host, 1, clock.instant().plus(LEASE), 0, clock.instant())).extracting(StoredRun::id)
        .containsExactly(run);
    runs.inFlight.add(run);
    return run;
  }

  @Test
  void aBeatingHostKeepsItsRunsPastManyLeases() {
    long run = queueAndClaim("a", runsOfA);
    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofSeconds(1));
      a.beat();
      b.beat();
    }
    assertThat(store.run(run).orElseThrow().state()).isEqualTo(StoredRun.RUNNING);
    assertThat(runsOfA.cancelled).isEmpty();
  }

  @Test
  void aHostThatStopsBeatingLosesItsRunToTheOtherWhichCancelsNothingOfItsOwn() {
    long run = queueAndClaim("a", runsOfA);
    clock.advance(Duration.ofSeconds(4));
    b.beat();
    assertThat(store.run(run).orElseThrow()).satisfies(r -> {
      assertThat(r.state()).isEqualTo(StoredRun.QUEUED);
      assertThat(r.reason()).isEqualTo("queued again after host a stopped renewing its lease");
    });
    assertThat(runsOfB.wakes).as("b looks for the re-queued run").hasValue(1);
    assertThat(store.fleet().claim("b", 1, clock.instant().plus(LEASE), 0, clock.instant())).extracting(StoredRun::id)
        .containsExactly(run);
    runsOfB.inFlight.add(run);
    a.beat();
    assertThat(runsOfA.cancelled).as("the stalled host stops its copy").containsOnlyKeys(run)
        .containsValue("host a lost the run's lease");
    b.beat();
    assertThat(runsOfB.cancelled).isEmpty();
  }

  @Test
  void aHostThatCannotRenewStopsItsRunBeforeTheLeaseLapsesAndGivesItUpWhenItRejoins() {
    long run = queueAndClaim("a", runsOfA);
    a.claimed(run, clock.instant());
    a.beat();
    java.time.Instant lastRenewal = clock.instant();
    // the database is unreachable from a: its beats fail (not called here); the fence reads no database
    clock.advance(LEASE.minus(a.margin()).minusMillis(1));
    a.fenceDue();
    assertThat(runsOfA.fenced).as("not yet: the margin is not reached").isEmpty();
    clock.advance(Duration.ofMillis(1));
    a.fenceDue();
    assertThat(runsOfA.fenced).containsOnlyKeys(run).containsValue("host a could not renew its lease (database "
        + "unreachable since " + lastRenewal + "): stopped here so that another host can take the run over");
    a.fenceDue();
    assertThat(runsOfA.fenced).as("fenced once").hasSize(1);
    assertThat(store.run(run).orElseThrow().state()).as("the lease still holds: nobody took the run yet")
        .isEqualTo(StoredRun.RUNNING);

    // a reaches the database again before the lease lapsed: it gives the run up instead of renewing it
    a.beat();
    assertThat(store.run(run).orElseThrow()).satisfies(r -> {
      assertThat(r.state()).isEqualTo(StoredRun.QUEUED);
      assertThat(r.reason()).isEqualTo("queued again after host a could not renew its lease (database unreachable since "
          + lastRenewal + "): stopped here so that another host can take the run over");
    });
    assertThat(runsOfA.wakes).hasValue(1);
    // its copy is still cleaning up here: b takes the run over, and a is not told to cancel it again
    assertThat(store.fleet().claim("b", 1, clock.instant().plus(LEASE), 0, clock.instant())).extracting(StoredRun::id)
        .containsExactly(run);
    a.beat();
    assertThat(runsOfA.fenced).hasSize(1);
  }

  @Test
  void aRunClaimedAfterAnOutageIsNotFencedForTheOutage() {
    long old = queueAndClaim("a", runsOfA);
    a.claimed(old, clock.instant());
    clock.advance(LEASE);
    a.fenceDue();
    long fresh = queueAndClaim("a", runsOfA);
    a.claimed(fresh, clock.instant());
    a.fenceDue();
    assertThat(runsOfA.fenced).containsOnlyKeys(old);
    a.beat();
    clock.advance(LEASE.minus(a.margin()).minusMillis(1));
    a.fenceDue();
    assertThat(runsOfA.fenced).containsOnlyKeys(old);
  }

  @Test
  void aHostThatKeepsRenewingIsNeverFenced() {
    long run = queueAndClaim("a", runsOfA);
    a.claimed(run, clock.instant());
    for (int i = 0; i < 20; i++) {
      clock.advance(Duration.ofMillis(600));
      a.beat();
      a.fenceDue();
    }
    assertThat(runsOfA.fenced).isEmpty();
    assertThat(store.run(run).orElseThrow().state()).isEqualTo(StoredRun.RUNNING);
  }

  @Test
  void aCancelAskedThroughTheStoreReachesTheHostRunningTheRunOnce() {
    long run = queueAndClaim("a", runsOfA);
    assertThat(store.fleet().requestCancel(run, "cancelled through the API of host b")).isTrue();
    a.beat();
    a.beat();
    assertThat(runsOfA.cancelled).containsExactly(Map.entry(run, "cancelled through the API of host b"));
  }

  @Test
  void theHeartbeatRecordsTheHostsOpenSessions() {
    queueAndClaim("a", runsOfA);
    queueAndClaim("a", runsOfA);
    a.beat();
    assertThat(store.fleet().hosts()).filteredOn(h -> h.hostId().equals("a")).singleElement().satisfies(h -> {
      assertThat(h.sessionsActive()).isEqualTo(2);
      assertThat(h.sessionsMax()).isEqualTo(2);
      assertThat(h.leases()).isEqualTo(2);
    });
    a.close();
    assertThat(store.fleet().hosts()).filteredOn(h -> h.hostId().equals("a")).singleElement()
        .satisfies(h -> assertThat(h.aliveAt(clock.instant())).isFalse());
  }

  @Test
  void aCancelNoticeReachesTheHostRunningTheRunOnceAndOthersIgnoreIt() {
    long run = queueAndClaim("a", runsOfA);
    assertThat(store.fleet().requestCancel(run, "cancelled through the API of host b")).isTrue();
    b.cancelRequested(run);
    a.cancelRequested(run);
    a.cancelRequested(run);
    a.beat();
    assertThat(runsOfA.cancelled).containsExactly(Map.entry(run, "cancelled through the API of host b"));
    assertThat(runsOfB.cancelled).isEmpty();
  }

  @Test
  void aCancelNoticeForARunNobodyAskedToCancelDoesNothing() {
    long run = queueAndClaim("a", runsOfA);
    a.cancelRequested(run);
    assertThat(runsOfA.cancelled).isEmpty();
  }

  @Test
  void aHostWithoutAPoolSaysSoFromTheMomentItRegisters() {
    assertThat(store.fleet().hosts()).extracting(h -> h.pool()).containsExactly(HostPools.none(), HostPools.none());
  }

  @Test
  void theHeartbeatRecordsThePoolsAndTheRefillFailuresSinceTheLastBeat() {
    AtomicInteger failures = new AtomicInteger(2);
    a.reportPools(new PoolReporter(List.of(new PoolGauge("sandbox", "sandbox",
        () -> new PoolGauge.Reading(2, 1, 0, 1, 5, 1, 0, failures.get(), 0, 0)))));
    a.beat();
    failures.set(3);
    a.beat();
    b.beat();
    assertThat(store.fleet().hosts()).extracting(h -> h.hostId() + " " + h.pool()).containsExactly(
        "a " + HostPools.of(List.of(new HostPools.Pool("sandbox", "sandbox", 2, 1, 1, 0, 3, 1))),
        "b " + HostPools.none());
  }
}

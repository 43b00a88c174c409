package dev.hearth.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.testing.PostgresCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fleet's shared state: two hosts (two stores, two connection pools) over one real SQLite file
 * or one real PostgreSQL database, on explicit instants instead of a clock.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"sqlite", "postgresql"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FleetTest {
  static final TestDatabases databases = new TestDatabases();
  static final Duration LEASE = Duration.ofSeconds(15);

  @Parameter String database;
  @TempDir Path dir;
  Store a;
  Store b;
  final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
  int deliveries;

  @BeforeEach
  void open() throws Exception {
    String url = databases.url(database, dir);
    a = Store.open(url);
    b = Store.open(url);
    a.fleet().register("a", 2, LEASE, t0);
    b.fleet().register("b", 2, LEASE, t0);
  }

  @AfterEach
  void close() {
    if (a != null) a.close();
    if (b != null) b.close();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    databases.close();
  }

  /** Queues one run of {@code repository} in {@code group} (null for none); returns its id. */
  long queue(String repository, String group, boolean cancelInProgress) {
    String id = "d" + (++deliveries);
    a.accept(id, "push", null, repository, "{}", "a", t0);
    return a.plan(id, "push", repository, "abc", "/nowhere", false,
        List.of(new PlannedRun(".github/workflows/ci.yml", "ci", group, cancelInProgress)), null, t0).getFirst().id();
  }

  long queue() {
    return queue("octo/hello", null, false);
  }

  List<Long> claim(Store store, String host, int max, Instant at) {
    return store.fleet().claim(host, max, at.plus(LEASE), 0, at).stream().map(StoredRun::id).toList();
  }

  @Test
  void progressWrittenUnderALostLeaseDoesNotChangeTheRunsRecord() {
    long run = queue();
    StoredRun first = a.fleet().claim("a", 1, t0.plus(LEASE), 0, t0).getFirst();
    LeasedProgress stale = a.progress().under(RunLease.of(first, "a"));
    assertThat(stale.jobStarted("build", "build", "vm-a", t0)).isTrue();
    assertThat(stale.stepStarted("build", "1", "step one", t0)).isTrue();
    assertThat(stale.appendLogs(List.of(new Progress.LogChunk(run, "build", "1", "stdout", 0, 1, "from a")), t0)).isTrue();
    // a stops renewing: b expires the lease (queued again, retry 1) and claims the run as attempt 2
    assertThat(b.fleet().expireLeases(t0.plus(LEASE).plusSeconds(1), 1)).singleElement()
        .satisfies(l -> assertThat(l.requeued()).isTrue());
    Instant later = t0.plus(LEASE).plusSeconds(2);
    StoredRun second = b.fleet().claim("b", 1, later.plus(LEASE), 0, later).getFirst();
    assertThat(second.attempts()).isEqualTo(2);
    LeasedProgress current = b.progress().under(RunLease.of(second, "b"));
    assertThat(current.jobStarted("build", "build", "vm-b", later)).isTrue();

    assertThat(stale.stepFinished("build", "1", "success", "success", later)).isFalse();
    assertThat(stale.jobFinished("build", "success", later)).isFalse();
    assertThat(stale.stepStarted("build", "2", "step two", later)).isFalse();
    assertThat(stale.appendLogs(List.of(new Progress.LogChunk(run, "build", "2", "stdout", 1, 1, "late")), later)).isFalse();
    assertThat(stale.finishRun("success", null, later)).isFalse();
    // the same host claiming the run again is a new attempt: the old attempt's lease is still lost
    assertThat(a.progress().under(new RunLease(run, "b", 1)).jobFinished("build", "failure", later)).isFalse();

    assertThat(a.run(run).orElseThrow()).satisfies(r -> {
      assertThat(r.state()).isEqualTo(StoredRun.RUNNING);
      assertThat(r.attempts()).isEqualTo(2);
    });
    assertThat(a.progress().jobs(run)).singleElement().satisfies(j -> {
      assertThat(j.state()).isEqualTo("running");
      assertThat(j.vmId()).isEqualTo("vm-b");
    });
    assertThat(a.progress().steps(run)).as("closed by the expiry, not finished by the stale host").singleElement()
        .satisfies(st -> assertThat(st.conclusion()).isEqualTo("failure"));
    assertThat(a.progress().logs(run)).extracting(Progress.LogChunk::text).containsExactly("from a");

    assertThat(current.stepFinished("build", "1", "success", "success", later)).isTrue();
    assertThat(current.jobFinished("build", "success", later)).isTrue();
    assertThat(current.finishRun("success", null, later)).isTrue();
    assertThat(a.run(run).orElseThrow().conclusion()).isEqualTo("success");
    assertThat(current.jobStarted("late", "late", null, later)).as("a finished run takes no more progress").isFalse();
  }

  @Test
  void aHostGivesUpOnlyTheRunsItStillOwnsAndRenewsAllButThose() {
    long kept = queue();
    long fenced = queue();
    long takenOver = queue();
    assertThat(claim(a, "a", 3, t0)).containsExactly(kept, fenced, takenOver);
    // takenOver's lease lapsed on b's clock and b holds it now
    b.fleet().giveUp("a", java.util.Map.of(takenOver, "a let it go"), 1, t0);
    Instant renewal = t0.plusSeconds(5);
    assertThat(claim(b, "b", 1, renewal)).containsExactly(takenOver);

    Fleet.Renewal r = a.fleet().renew("a", renewal.plus(LEASE), Set.of(fenced));
    assertThat(r.owned()).containsExactlyInAnyOrder(kept, fenced);
    assertThat(a.fleet().expireLeases(t0.plus(LEASE).plusMillis(1), 0)).extracting(LostRun::runId)
        .as("only the lease left unrenewed lapses").containsExactly(fenced);
    assertThat(a.fleet().giveUp("a", java.util.Map.of(fenced, "f", takenOver, "t"), 0, renewal)).isEmpty();
    assertThat(a.run(takenOver).orElseThrow().state()).isEqualTo(StoredRun.RUNNING);
  }

  @Test
  void aHostClaimsTheOldestRunsUpToItsFreeSessionsAndAnotherHostTheRest() {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) ids.add(queue());
    assertThat(claim(a, "a", 2, t0)).containsExactly(ids.get(0), ids.get(1));
    assertThat(claim(b, "b", 10, t0)).containsExactly(ids.get(2), ids.get(3), ids.get(4));
    assertThat(claim(a, "a", 2, t0)).isEmpty();
    assertThat(a.run(ids.get(0)).orElseThrow()).satisfies(r -> {
      assertThat(r.state()).isEqualTo(StoredRun.RUNNING);
      assertThat(r.attempts()).isEqualTo(1);
    });
    assertThat(a.fleet().hosts()).extracting(HostRecord::hostId, HostRecord::leases)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 2), org.assertj.core.groups.Tuple.tuple("b", 3));
  }

  @Test
  void hostsClaimingAtTheSameTimeNeverGetTheSameRun() throws Exception {
    for (int i = 0; i < 120; i++) queue();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Long>>> claims = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Store store = t % 2 == 0 ? a : b;
        String host = "h" + t;
        claims.add(threads.submit(() -> {
          List<Long> got = new ArrayList<>();
          for (List<Long> batch; !(batch = claim(store, host, 3, t0)).isEmpty(); ) got.addAll(batch);
          return got;
        }));
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> f : claims) all.addAll(f.get());
      assertThat(all).hasSize(120).doesNotHaveDuplicates();
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aRenewedLeaseHoldsAndALapsedOneFailsTheRunNamingItsHost() {
    long id = queue();
    claim(a, "a", 1, t0);
    a.progress().jobStarted(id, "build", "build", "host-1-ab", t0);
    Fleet.Renewal renewal = a.fleet().renew("a", t0.plusSeconds(10).plus(LEASE));
    assertThat(renewal.owned()).containsExactly(id);
    assertThat(b.fleet().expireLeases(t0.plusSeconds(20), 0)).isEmpty();
    List<LostRun> lost = b.fleet().expireLeases(t0.plusSeconds(26), 0);
    assertThat(lost).singleElement().satisfies(l -> {
      assertThat(l.runId()).isEqualTo(id);
      assertThat(l.requeued()).isFalse();
      assertThat(l.reason()).isEqualTo("host a stopped renewing its lease");
    });
    assertThat(b.run(id).orElseThrow()).satisfies(r -> {
      assertThat(r.state()).isEqualTo(StoredRun.FINISHED);
      assertThat(r.conclusion()).isEqualTo("failure");
      assertThat(r.reason()).isEqualTo("host a stopped renewing its lease");
    });
    assertThat(b.progress().jobs(id)).singleElement().satisfies(j -> assertThat(j.conclusion()).isEqualTo("failure"));
    a.finishRun(id, "success", null, "a", t0.plusSeconds(27));
    assertThat(a.run(id).orElseThrow().conclusion()).as("the stalled host cannot finish a run it lost").isEqualTo("failure");
  }

  @Test
  void withRetryOnHostLossALostRunIsQueuedAgainOnceThenFailed() {
    long id = queue();
    claim(a, "a", 1, t0);
    assertThat(b.fleet().expireLeases(t0.plusSeconds(16), 1)).singleElement()
        .satisfies(l -> assertThat(l.requeued()).isTrue());
    assertThat(b.run(id).orElseThrow().state()).isEqualTo(StoredRun.QUEUED);
    assertThat(a.fleet().renew("a", t0.plusSeconds(17).plus(LEASE)).owned()).as("a no longer owns it").isEmpty();
    assertThat(claim(b, "b", 1, t0.plusSeconds(17))).containsExactly(id);
    assertThat(b.run(id).orElseThrow().attempts()).isEqualTo(2);
    a.finishRun(id, "success", null, "a", t0.plusSeconds(18));
    assertThat(b.run(id).orElseThrow().state()).as("the first host's late finish is ignored").isEqualTo(StoredRun.RUNNING);
    assertThat(a.fleet().expireLeases(t0.plusSeconds(40), 1)).singleElement().satisfies(l -> {
      assertThat(l.requeued()).isFalse();
      assertThat(l.host()).isEqualTo("b");
    });
    assertThat(a.run(id).orElseThrow().conclusion()).isEqualTo("failure");
  }

  @Test
  void aRestartedHostLosesOnlyItsOwnRunsAndFindsOnlyItsOwnVms() {
    long first = queue();
    long second = queue();
    claim(a, "a", 1, t0);
    claim(b, "b", 1, t0);
    a.progress().vmAllocated(first, "host-1-aa", "host", "a", t0);
    b.progress().vmAllocated(second, "host-2-bb", "host", "b", t0);
    assertThat(a.fleet().loseRunsOf("a", "runner restarted", 0, t0.plusSeconds(1)))
        .extracting(LostRun::runId).containsExactly(first);
    assertThat(a.run(first).orElseThrow().reason()).isEqualTo("runner restarted");
    assertThat(a.run(second).orElseThrow().state()).isEqualTo(StoredRun.RUNNING);
    assertThat(a.fleet().allocatedVmsOf("a")).extracting(VmRecord::vmId).containsExactly("host-1-aa");
    assertThat(a.progress().vmOwners()).containsEntry("host-2-bb", "b");
  }

  @Test
  void aNewRunOfAGroupWaitsForTheRunningOneAndReplacesThePendingOne() {
    long running = queue("octo/hello", "deploy", false);
    assertThat(claim(a, "a", 2, t0)).containsExactly(running);
    long pending = queue("octo/hello", "deploy", false);
    long other = queue();
    assertThat(claim(b, "b", 2, t0)).as("the group's second run waits").containsExactly(other);
    long newest = queue("octo/hello", "deploy", false);
    assertThat(b.run(pending).orElseThrow()).satisfies(r -> {
      assertThat(r.conclusion()).isEqualTo("cancelled");
      assertThat(r.reason()).isEqualTo("replaced by run " + newest + ", pending in concurrency group 'deploy'");
    });
    assertThat(a.fleet().renew("a", t0.plus(LEASE)).cancelRequests()).as("no cancel-in-progress").isEmpty();
    a.finishRun(running, "success", null, "a", t0.plusSeconds(1));
    assertThat(claim(b, "b", 2, t0.plusSeconds(1))).containsExactly(newest);
  }

  @Test
  void groupsOfTheSameNameInTwoRepositoriesAreDifferentGroups() {
    long hello = queue("octo/hello", "deploy", true);
    assertThat(claim(a, "a", 1, t0)).containsExactly(hello);
    long world = queue("octo/world", "deploy", true);
    long pendingHello = queue("octo/hello", "deploy", false);
    long newerWorld = queue("octo/world", "deploy", false);
    assertThat(a.fleet().renew("a", t0.plus(LEASE)).cancelRequests()).as("octo/world's run cancels nothing of octo/hello")
        .isEmpty();
    assertThat(b.run(world).orElseThrow().conclusion()).as("replaced by octo/world's newer run only").isEqualTo("cancelled");
    assertThat(claim(b, "b", 3, t0)).as("octo/hello's pending run waits; octo/world's runs on")
        .containsExactly(newerWorld);
    assertThat(b.run(pendingHello).orElseThrow().state()).isEqualTo(StoredRun.QUEUED);
  }

  @Test
  void cancelInProgressAsksTheHostRunningTheGroupsRunToCancelIt() {
    long first = queue("octo/hello", "deploy", true);
    claim(a, "a", 1, t0);
    long second = queue("octo/hello", "deploy", true);
    assertThat(a.fleet().renew("a", t0.plus(LEASE)).cancelRequests()).containsOnlyKeys(first)
        .hasValueSatisfying(new org.assertj.core.api.Condition<>(
            why -> why.equals("cancelled by run " + second + " of concurrency group 'deploy' (cancel-in-progress)"), "reason"));
    assertThat(claim(b, "b", 1, t0)).as("until the first is cancelled").isEmpty();
    a.finishRun(first, "cancelled", null, "a", t0.plusSeconds(1));
    assertThat(claim(b, "b", 1, t0.plusSeconds(1))).containsExactly(second);
  }

  @Test
  void maxConcurrentPerRepoHoldsAcrossHosts() {
    List<Long> busy = new ArrayList<>();
    for (int i = 0; i < 4; i++) busy.add(queue("octo/busy", null, false));
    long quiet = queue("octo/quiet", null, false);
    assertThat(a.fleet().claim("a", 10, t0.plus(LEASE), 2, t0)).extracting(StoredRun::id)
        .containsExactly(busy.get(0), busy.get(1), quiet);
    assertThat(b.fleet().claim("b", 10, t0.plus(LEASE), 2, t0)).isEmpty();
    a.finishRun(busy.get(0), "success", null, "a", t0);
    assertThat(b.fleet().claim("b", 10, t0.plus(LEASE), 2, t0)).extracting(StoredRun::id).containsExactly(busy.get(2));
  }

  @Test
  void theAcceptingHostPlansADeliveryUntilItStopsBeatingThenAnotherAdoptsIt() {
    a.accept("x1", "push", null, "octo/hello", "{}", "a", t0);
    assertThat(b.fleet().plannable("b", t0.plusSeconds(1))).isEmpty();
    assertThat(a.fleet().plannable("a", t0.plusSeconds(1))).extracting(Delivery::id).containsExactly("x1");
    b.fleet().heartbeat("b", 1, null, t0.plusSeconds(20));
    assertThat(b.fleet().plannable("b", t0.plusSeconds(20))).extracting(Delivery::id).containsExactly("x1");
    assertThat(a.fleet().plannable("a", t0.plusSeconds(20))).as("b owns it now").isEmpty();
  }

  @Test
  void aClaimedRunThatNeverStartedGoesBackToTheQueueWhenItsHostStops() {
    long id = queue();
    claim(a, "a", 1, t0);
    a.fleet().release(id, "a");
    assertThat(b.run(id).orElseThrow()).satisfies(r -> {
      assertThat(r.state()).isEqualTo(StoredRun.QUEUED);
      assertThat(r.attempts()).isZero();
    });
    assertThat(claim(b, "b", 1, t0)).containsExactly(id);
  }

  @Test
  void heartbeatsRecordSessionsAndTheirPeak() {
    a.fleet().heartbeat("a", 2, null, t0.plusSeconds(5));
    HostPools pools = HostPools.of(List.of(new HostPools.Pool("sandbox", "sandbox", 2, 1, 1, 0, 3, 1)));
    a.fleet().heartbeat("a", 1, pools, t0.plusSeconds(10));
    assertThat(b.fleet().hosts()).filteredOn(h -> h.hostId().equals("a")).singleElement().satisfies(h -> {
      assertThat(h.sessionsActive()).isEqualTo(1);
      assertThat(h.sessionsPeak()).isEqualTo(2);
      assertThat(h.pool()).isEqualTo(pools);
      assertThat(h.aliveAt(t0.plusSeconds(25))).isTrue();
      assertThat(h.aliveAt(t0.plusSeconds(26))).isFalse();
    });
    a.fleet().stopped("a", t0.plusSeconds(11));
    Set<String> alive = new HashSet<>();
    b.fleet().hosts().stream().filter(h -> h.aliveAt(t0.plusSeconds(12))).forEach(h -> alive.add(h.hostId()));
    assertThat(alive).containsExactly("b");
  }
}

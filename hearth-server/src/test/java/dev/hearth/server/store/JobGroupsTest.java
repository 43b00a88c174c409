package dev.hearth.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.server.store.JobGroups.Member;
import dev.hearth.server.store.JobGroups.Turn;
import dev.hearth.testing.PostgresCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * Job-level concurrency groups in the store: two hosts (two stores, two connection pools) over one
 * real SQLite file or one real PostgreSQL database, on explicit instants.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"sqlite", "postgresql"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JobGroupsTest {
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
    a.fleet().register("a", 50, LEASE, t0);
    b.fleet().register("b", 50, LEASE, t0);
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

  /** A run of octo/hello queued and claimed by {@code host} through {@code store}, leased until t0 + lease. */
  long running(Store store, String host) {
    String id = "d" + (++deliveries);
    store.accept(id, "push", null, "octo/hello", "{}", host, t0);
    long run = store.plan(id, "push", "octo/hello", "abc", "/nowhere", false,
        List.of(new PlannedRun(".github/workflows/ci.yml", "ci", null, false)), null, t0).getFirst().id();
    assertThat(store.fleet().claim(host, 1, t0.plus(LEASE), 0, t0)).extracting(StoredRun::id).containsExactly(run);
    return run;
  }

  static Member member(String group, long run, String host) {
    return new Member("octo/hello", group, run, "deploy", host);
  }

  @Test
  void theFirstLegHoldsTheNextWaitsAndHoldsOnceTheHolderLeft() {
    Member first = member("prod", running(a, "a"), "a");
    Member second = member("prod", running(b, "b"), "b");

    assertThat(a.jobGroups().enter(first, false, t0)).isEqualTo(new Turn.Holding());
    assertThat(b.jobGroups().enter(second, false, t0)).isEqualTo(new Turn.Waiting("run " + first.runId() + " job deploy"));
    assertThat(b.jobGroups().poll(second, t0)).isInstanceOf(Turn.Waiting.class);

    a.jobGroups().leave(first);
    assertThat(b.jobGroups().poll(second, t0)).isEqualTo(new Turn.Holding());
  }

  @Test
  void aNewerPendingLegReplacesTheOlderPendingOne() {
    Member holder = member("prod", running(a, "a"), "a");
    Member older = member("prod", running(a, "a"), "a");
    Member newer = member("prod", running(b, "b"), "b");
    a.jobGroups().enter(holder, false, t0);
    a.jobGroups().enter(older, false, t0);

    assertThat(b.jobGroups().enter(newer, false, t0)).isInstanceOf(Turn.Waiting.class);

    assertThat(a.jobGroups().poll(older, t0)).isEqualTo(new Turn.Refused(
        "replaced by run " + newer.runId() + " job deploy, pending in concurrency group 'prod'"));
    a.jobGroups().leave(holder);
    assertThat(b.jobGroups().poll(newer, t0)).isEqualTo(new Turn.Holding());
  }

  @Test
  void cancelInProgressAsksTheHoldersHostToCancelIt() {
    Member holder = member("prod", running(a, "a"), "a");
    Member next = member("prod", running(b, "b"), "b");
    a.jobGroups().enter(holder, true, t0);
    assertThat(a.jobGroups().cancelRequests("a")).isEmpty();

    b.jobGroups().enter(next, true, t0);

    assertThat(a.jobGroups().cancelRequests("a")).containsExactly(new JobGroups.CancelRequest(holder.runId(), "deploy",
        "cancelled by run " + next.runId() + " job deploy of concurrency group 'prod' (cancel-in-progress)"));
    assertThat(b.jobGroups().cancelRequests("b")).isEmpty();
  }

  @Test
  void groupsCompareIgnoringCaseAndBelongToOneRepository() {
    Member holder = member("Deploy-Prod", running(a, "a"), "a");
    a.jobGroups().enter(holder, false, t0);

    assertThat(b.jobGroups().enter(member("deploy-prod", running(b, "b"), "b"), false, t0)).isInstanceOf(Turn.Waiting.class);
    Member otherRepository = new Member("octo/other", "deploy-prod", running(b, "b"), "deploy", "b");
    assertThat(b.jobGroups().enter(otherRepository, false, t0)).isEqualTo(new Turn.Holding());
  }

  @Test
  void aHolderWhoseRunsLeaseLapsedNoLongerHoldsTheGroup() {
    Member holder = member("prod", running(a, "a"), "a");
    a.jobGroups().enter(holder, false, t0);
    long waiter = running(b, "b");
    Member next = member("prod", waiter, "b");
    b.jobGroups().enter(next, false, t0);
    Instant later = t0.plus(LEASE).plusSeconds(1);
    b.fleet().renew("b", later.plus(LEASE)); // host b lives on; host a died and stopped renewing

    assertThat(b.jobGroups().poll(next, later)).isEqualTo(new Turn.Holding());
  }

  @Test
  void legsEnteringOneGroupFromTwoHostsAtOnceGetOneHolder() throws Exception {
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String host = i % 2 == 0 ? "a" : "b";
      members.add(member("prod", running(i % 2 == 0 ? a : b, host), host));
    }
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<Turn>> turns = new ArrayList<>();
      for (Member m : members) turns.add(threads.submit(() -> (m.host().equals("a") ? a : b).jobGroups().enter(m, false, t0)));
      List<Turn> entered = new ArrayList<>();
      for (Future<Turn> f : turns) entered.add(f.get());
      assertThat(entered).filteredOn(t -> t instanceof Turn.Holding).hasSize(1);
    } finally {
      threads.shutdownNow();
    }
    List<Turn> after = members.stream().map(m -> a.jobGroups().poll(m, t0)).toList();
    assertThat(after).filteredOn(t -> t instanceof Turn.Holding).hasSize(1);
    assertThat(after).filteredOn(t -> t instanceof Turn.Waiting).hasSize(1);
    assertThat(after).filteredOn(t -> t instanceof Turn.Refused).hasSize(10);
  }
}

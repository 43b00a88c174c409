package dev.hearth.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.testing.PostgresCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * The report outbox as two hosts (two stores over one real SQLite file or one real PostgreSQL
 * database) see it, on explicit instants: appends fenced on the run's lease, claims per run in order,
 * the closing changes written by the host that expires a lease, the last changes written as the run
 * finishes.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"sqlite", "postgresql"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReportOutboxTest {
  static final TestDatabases databases = new TestDatabases();
  static final Duration LEASE = Duration.ofSeconds(15);
  static final ReportDestination CHECKS = new ReportDestination(ReportDestination.CHECK_RUN, "octo/hello", "a".repeat(40),
      7, "http://hearth.test/runs/1");

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

  /** A new run claimed by host {@code host} of {@code store} at t0. */
  StoredRun claimed(Store store, String host) {
    String id = "d" + (++deliveries);
    a.accept(id, "push", null, "octo/hello", "{}", "a", t0);
    a.plan(id, "push", "octo/hello", "a".repeat(40), "/nowhere", false, List.of(new PlannedRun(".github/workflows/ci.yml", "ci")),
        null, t0);
    return store.fleet().claim(host, 1, t0.plus(LEASE), 0, t0).getFirst();
  }

  static ReportChange queued(String leg) {
    return new ReportChange(leg, "ci / " + leg, ReportChange.QUEUED, null, null, null, null, null, null);
  }

  static ReportChange started(String leg, Instant at) {
    return new ReportChange(leg, "ci / " + leg, ReportChange.IN_PROGRESS, null, at, null, null, null, null);
  }

  static ReportChange completed(String leg, String conclusion, Instant at) {
    return new ReportChange(leg, "ci / " + leg, ReportChange.COMPLETED, conclusion, null, at, "Done", "**done**", null);
  }

  static List<String> statuses(List<OutboxRow> rows) {
    return rows.stream().map(r -> r.change().leg() + ":" + r.change().status()).toList();
  }

  @Test
  void theOwnerClaimsEveryUnsentChangeOfItsRunInOrderAndNoOtherSenderGetsThemMeanwhile() {
    StoredRun run = claimed(a, "a");
    assertThat(a.reports().append(run.id(), "a", run.attempts(), CHECKS, List.of(queued("x"), queued("y")), t0)).isTrue();
    assertThat(a.reports().append(run.id(), "a", run.attempts(), CHECKS, List.of(started("x", t0)), t0)).isTrue();

    List<OutboxRow> rows = a.reports().claimRun(run.id(), "a", t0.plus(LEASE), t0);
    assertThat(statuses(rows)).containsExactly("x:queued", "y:queued", "x:in_progress");
    assertThat(rows).allSatisfy(r -> assertThat(r.destination()).isEqualTo(CHECKS));
    assertThat(rows.get(0).mayExist()).as("the first change of a leg, never tried").isFalse();
    assertThat(rows.get(2).mayExist()).as("an earlier change of the leg went out without an id").isTrue();
    assertThat(b.reports().claimRun(run.id(), "b", t0.plus(LEASE), t0)).as("claimed by a").isEmpty();
    assertThat(b.reports().claimLeft("b", 10, t0.plus(LEASE), t0.plusSeconds(1))).as("claimed by a, leased to a").isEmpty();

    for (OutboxRow r : rows) assertThat(a.reports().sent(r, null, t0, t0.plus(LEASE))).isTrue();
    a.reports().checkRunCreated(run.id(), "x", 4001);
    assertThat(a.reports().claimRun(run.id(), "a", t0.plus(LEASE), t0)).as("all sent").isEmpty();
    assertThat(a.reports().entries(run.id())).allSatisfy(e -> assertThat(e.sentAt()).isEqualTo(t0));
    assertThat(b.reports().checkRunIds(run.id())).containsExactly(java.util.Map.entry("x", 4001L));
    assertThat(b.reports().unsentCount()).isZero();
  }

  @Test
  void aHostThatLostTheRunToALeaseExpiryCannotAppendAndItsOpenLegsAreClosedAsFailedNamingIt() {
    StoredRun run = claimed(a, "a");
    a.reports().append(run.id(), "a", run.attempts(), CHECKS, List.of(queued("x"), queued("y")), t0);
    a.reports().append(run.id(), "a", run.attempts(), CHECKS, List.of(started("x", t0), completed("y", "success", t0)), t0);

    Instant later = t0.plus(LEASE).plusSeconds(1);
    assertThat(b.fleet().expireLeases(later, 0)).singleElement().satisfies(l -> assertThat(l.requeued()).isFalse());

    assertThat(a.reports().append(run.id(), "a", run.attempts(), CHECKS, List.of(completed("x", "success", later)), later))
        .as("a no longer holds the run").isFalse();
    List<ReportOutboxEntry> x = entries(run.id(), "x");
    assertThat(x).extracting(ReportOutboxEntry::status).containsExactly("queued", "in_progress", "completed");
    ReportChange closing = a.reports().entries(run.id()).getLast().row().change();
    assertThat(closing.leg()).isEqualTo("x");
    assertThat(closing.conclusion()).isEqualTo("failure");
    assertThat(closing.completedAt()).isEqualTo(later);
    assertThat(closing.summary()).contains("host a stopped renewing its lease");
    assertThat(entries(run.id(), "y")).extracting(ReportOutboxEntry::status).as("y was completed already")
        .containsExactly("queued", "completed");

    List<OutboxRow> left = b.reports().claimLeft("b", 10, later.plus(LEASE), later);
    assertThat(statuses(left)).as("no live lease covers the run: any host sends its rows, in order")
        .containsExactly("x:queued", "y:queued", "x:in_progress", "y:completed", "x:completed");
  }

  @Test
  void aRunQueuedAgainAfterItsHostDiedReportsOnTheSameLegsAndOnlyItsNewAttemptMayAppend() {
    StoredRun run = claimed(a, "a");
    a.reports().append(run.id(), "a", run.attempts(), CHECKS, List.of(queued("x"), started("x", t0)), t0);
    a.reports().checkRunCreated(run.id(), "x", 4001);
    Instant later = t0.plus(LEASE).plusSeconds(1);
    assertThat(b.fleet().expireLeases(later, 1)).singleElement().satisfies(l -> assertThat(l.requeued()).isTrue());
    assertThat(a.reports().entries(run.id())).as("its legs stay open for the next attempt").hasSize(2);

    StoredRun again = b.fleet().claim("b", 1, later.plus(LEASE), 0, later).getFirst();
    assertThat(again.attempts()).isEqualTo(2);
    assertThat(b.reports().append(run.id(), "b", again.attempts(), CHECKS, List.of(queued("x")), later)).isTrue();
    assertThat(a.reports().append(run.id(), "a", run.attempts(), CHECKS, List.of(started("x", later)), later)).isFalse();
    List<OutboxRow> rows = b.reports().claimRun(run.id(), "b", later.plus(LEASE), later);
    assertThat(rows).allSatisfy(r -> assertThat(r.checkRunId()).as("the same check run").isEqualTo(4001L));
  }

  @Test
  void theLastChangesAreWrittenInTheTransactionThatFinishesTheRunAndOnlyByItsOwner() {
    StoredRun run = claimed(a, "a");
    a.reports().append(run.id(), "a", run.attempts(), CHECKS, List.of(queued("x")), t0);
    a.reports().whenFinishing(run.id(), (conclusion, at) -> new ReportOutbox.Batch(CHECKS,
        List.of(completed("x", conclusion, at))));

    b.finishRun(run.id(), "success", null, "b", t0.plusSeconds(2));
    assertThat(a.run(run.id()).orElseThrow().state()).as("b does not own it").isEqualTo(StoredRun.RUNNING);
    a.finishRun(run.id(), "cancelled", null, "a", t0.plusSeconds(3));

    assertThat(a.run(run.id()).orElseThrow().state()).isEqualTo(StoredRun.FINISHED);
    assertThat(entries(run.id(), "x")).extracting(ReportOutboxEntry::status).containsExactly("queued", "completed");
    assertThat(a.reports().entries(run.id()).getLast().row().change().conclusion()).isEqualTo("cancelled");
  }

  @Test
  void rowsHeldByASenderThatDiedAreTakenByAnotherOnceItsClaimExpired() {
    StoredRun run = claimed(a, "a");
    a.reports().append(run.id(), "a", run.attempts(), CHECKS, List.of(queued("x")), t0);
    a.finishRun(run.id(), "success", null, "a", t0);
    Instant until = t0.plusSeconds(5);
    assertThat(a.reports().claimRun(run.id(), "a", until, t0)).hasSize(1);
    // a dies here, before sending
    assertThat(b.reports().claimLeft("b", 10, until.plusSeconds(10), t0.plusSeconds(1))).isEmpty();
    List<OutboxRow> taken = b.reports().claimLeft("b", 10, until.plusSeconds(10), until.plusSeconds(1));
    assertThat(taken).singleElement().satisfies(r -> assertThat(r.mayExist()).as("claimed before: a may have sent it")
        .isTrue());
    assertThat(a.reports().release("a")).as("a's claim was taken over").isZero();
  }

  /** One stored row, short. */
  record ReportOutboxEntry(String leg, String status) {}

  List<ReportOutboxEntry> entries(long runId, String leg) {
    return a.reports().entries(runId).stream().filter(e -> e.row().change().leg().equals(leg))
        .map(e -> new ReportOutboxEntry(leg, e.row().change().status())).toList();
  }
}

package dev.hearth.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.testing.PostgresCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet's notices on a real PostgreSQL: host b listens while host a (its own store and pool) queues,
 * cancels and loses runs; notices arrive only for committed changes, and the listener comes back after
 * its connection is killed. Waits are hang guards of 10 s, not speed assertions.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FleetListenerTest {
  static PostgresCluster postgres;
  static final Duration LEASE = Duration.ofSeconds(15);

  @TempDir Path dir;
  String url;
  Store a;
  Store b;
  FleetListener listener;
  final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
  final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

  @BeforeEach
  void open() throws Exception {
    Assumptions.assumeTrue(PostgresCluster.binaries().isPresent(),
        "PostgreSQL's server (initdb, pg_ctl under /usr/lib/postgresql/*/bin) is not installed: apt-get install postgresql");
    if (postgres == null) postgres = PostgresCluster.start();
    url = postgres.newDatabase();
    a = Store.open(url);
    b = Store.open(url);
    a.fleet().register("a", 2, LEASE, t0);
    b.fleet().register("b", 2, LEASE, t0);
    listener = b.fleet().listen("b", new FleetListener.Wakeups() {
      @Override
      public void queued() {
        heard.add("queued");
      }

      @Override
      public void cancelRequested(long runId) {
        heard.add("cancel " + runId);
      }

      @Override
      public void resync() {
        heard.add("resync");
      }
    });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!listener.listening() && System.nanoTime() < deadline) Thread.sleep(10);
    assertThat(listener.listening()).as("b's listener connected").isTrue();
  }

  @AfterEach
  void close() {
    if (listener != null) listener.close();
    if (a != null) a.close();
    if (b != null) b.close();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) postgres.close();
    postgres = null;
  }

  long plan(String delivery) {
    a.accept(delivery, "push", null, "octo/hello", "{}", "a", t0);
    return a.plan(delivery, "push", "octo/hello", "abc", "/nowhere", false, List.of(new PlannedRun("ci.yml", "ci")), null, t0)
        .getFirst().id();
  }

  String next() throws InterruptedException {
    String notice = heard.poll(10, TimeUnit.SECONDS);
    assertThat(notice).as("a notice within the hang guard").isNotNull();
    return notice;
  }

  @Test
  void aRunQueuedOnOneHostWakesTheOthers() throws Exception {
    plan("d1");
    assertThat(next()).isEqualTo("queued");
  }

  @Test
  void aCancelAskedOnOneHostNamesTheRunToTheOthers() throws Exception {
    long run = plan("d1");
    assertThat(next()).isEqualTo("queued");
    a.fleet().claim("a", 1, t0.plus(LEASE), 0, t0);
    assertThat(b.fleet().requestCancel(run, "cancelled through the API of host b")).isTrue();
    assertThat(next()).isEqualTo("cancel " + run);
    assertThat(a.fleet().cancelRequest(run, "a")).contains("cancelled through the API of host b");
    assertThat(a.fleet().cancelRequest(run, "b")).as("b does not run it").isEmpty();
  }

  @Test
  void aRunQueuedWithCancelInProgressNamesItsGroupsRunningRunToTheOthers() throws Exception {
    a.accept("g1", "push", null, "octo/hello", "{}", "a", t0);
    long first = a.plan("g1", "push", "octo/hello", "abc", "/nowhere", false,
        List.of(new PlannedRun("ci.yml", "ci", "deploy", true)), null, t0).getFirst().id();
    assertThat(next()).isEqualTo("queued");
    a.fleet().claim("a", 1, t0.plus(LEASE), 0, t0);
    a.accept("g2", "push", null, "octo/hello", "{}", "a", t0);
    a.plan("g2", "push", "octo/hello", "def", "/nowhere", false, List.of(new PlannedRun("ci.yml", "ci", "deploy", true)),
        null, t0);
    assertThat(List.of(next(), next())).containsExactly("queued", "cancel " + first);
    assertThat(a.fleet().cancelRequest(first, "a")).hasValueSatisfying(why -> assertThat(why).contains("cancel-in-progress"));
  }

  @Test
  void aRunQueuedAgainAfterItsHostDiedWakesTheOthers() throws Exception {
    long run = plan("d1");
    assertThat(next()).isEqualTo("queued");
    a.fleet().claim("a", 1, t0.plus(LEASE), 0, t0);
    assertThat(b.fleet().expireLeases(t0.plus(LEASE).plusSeconds(1), 1)).singleElement()
        .satisfies(l -> assertThat(l.runId()).isEqualTo(run));
    assertThat(next()).isEqualTo("queued");
  }

  @Test
  void aTransactionThatRollsBackSendsNothing() throws Exception {
    a.accept("d1", "push", null, "octo/hello", "{}", "a", t0);
    // planning twice the same workflow of a delivery inserts nothing the second time, but a run whose
    // insert fails rolls the whole plan back: a delivery id that is not stored breaks the foreign key
    try {
      a.plan("no-such-delivery", "push", "octo/hello", "abc", "/nowhere", false, List.of(new PlannedRun("ci.yml", "ci")),
          null, t0);
    } catch (StoreException expected) {
      // the plan was rolled back
    }
    plan("d2");
    assertThat(next()).as("only the committed plan's notice").isEqualTo("queued");
    assertThat(heard.poll(300, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void theListenerComesBackAfterItsConnectionIsKilledAndResynchronizes() throws Exception {
    try (Connection admin = DriverManager.getConnection(url.replaceFirst("^postgresql://hearth:unused@",
        "jdbc:postgresql://"), "hearth", "");
        Statement s = admin.createStatement();
        ResultSet r = s.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
            + FleetListener.applicationName("b") + "'")) {
      assertThat(r.next()).as("b's listening connection is in pg_stat_activity").isTrue();
      assertThat(r.getBoolean(1)).isTrue();
    }
    assertThat(next()).isEqualTo("resync");
    assertThat(listener.connections()).isEqualTo(2);
    long run = plan("d1");
    assertThat(next()).isEqualTo("queued");
    a.fleet().claim("a", 1, t0.plus(LEASE), 0, t0);
    a.fleet().requestCancel(run, "why not");
    assertThat(next()).isEqualTo("cancel " + run);
  }
}

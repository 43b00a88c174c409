package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.server.store.Progress;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoredRun;
import dev.hearth.testing.GitDaemon;
import dev.hearth.testing.PostgresCluster;
import dev.hearth.testing.PushPayloads;
import dev.hearth.testing.TcpProxy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code hearth serve} processes on one real PostgreSQL, one of them ("cut") reaching it through a
 * {@link TcpProxy}: the proxy is cut while that host executes a long run. The cut host must stop its
 * copy before its lease lapses, the other host takes the run over (queued again, retry-on-host-loss 1)
 * and completes it, and once the proxy is restored the cut host rejoins without changing the run's
 * record and without leaving a process, a work directory or a VM record behind.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FleetNetworkCutIT {
  static final int LEASE_SECONDS = 3;
  /** Long on the cut host (its VMs live under {@code …/cut/…}), short anywhere else. */
  static final String WORKFLOW = """
      on: push
      jobs:
        work:
          runs-on: ubuntu-latest
          steps:
            - run: |
                case "$PWD" in
                  */cut/*) echo "long copy on the cut host"; sleep 60 ;;
                  *) echo "short copy" ;;
                esac
      """;
  static PostgresCluster postgres;

  @TempDir Path tmp;

  @BeforeAll
  static void startPostgres() throws Exception {
    Assumptions.assumeTrue(PostgresCluster.binaries().isPresent(),
        "PostgreSQL's server (initdb, pg_ctl under /usr/lib/postgresql/*/bin) is not installed: apt-get install postgresql");
    postgres = PostgresCluster.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) postgres.close();
  }

  @Test
  void aHostCutFromTheDatabaseStopsItsRunBeforeItsLeaseLapsesAndRejoinsWithoutChangingTheRun() throws Exception {
    String url = postgres.newDatabase();
    URI direct = URI.create(url);
    try (GitDaemon git = GitDaemon.start(tmp.resolve("served")); Store store = Store.open(url);
        TcpProxy proxy = TcpProxy.start(direct.getHost(), direct.getPort())) {
      String viaProxy = url.replace(":" + direct.getPort() + "/", ":" + proxy.port() + "/");
      GitDaemon.Repository repo = git.create("octo/cut", "main");
      String sha = repo.file(".github/workflows/ci.yml", WORKFLOW).commitAndPush();
      FleetHost cut = FleetHost.start(tmp, "cut", viaProxy, git.baseUrl(), 1, LEASE_SECONDS, "retry-on-host-loss: 1");
      FleetHost peer = null;
      try {
        assertThat(cut.client().send("push", "push-1", PushPayloads.push("octo/cut", "https://github.com/octo/cut.git", "main",
            sha), FleetHost.SECRET).statusCode()).isEqualTo(202);
        long run = await("the cut host to start the long step", () -> store.runsOf("push-1"), rs -> rs.size() == 1
            && store.progress().steps(rs.getFirst().id()).stream().anyMatch(s -> s.state().equals("running"))
            && !processesOf(tmp.resolve("cut")).isEmpty()).getFirst().id();
        peer = FleetHost.start(tmp, "peer", url, git.baseUrl(), 1, LEASE_SECONDS, "retry-on-host-loss: 1");
        await("the peer to join", store.fleet()::hosts, hs -> hs.stream().anyMatch(h -> h.hostId().equals("peer")));

        proxy.cut();
        Instant cutAt = Instant.now();
        System.out.println("[cut] proxy cut at " + cutAt);
        Instant stoppedAt = await("the cut host's step process to end", () -> processesOf(tmp.resolve("cut"))
            .isEmpty() ? Instant.now() : null, t -> t != null);
        StoredRun taken = await("the peer to take the run over", () -> store.run(run).orElseThrow(), r -> r.attempts() == 2);
        System.out.println("[cut] step process gone " + Duration.between(cutAt, stoppedAt).toMillis() + " ms after the cut; "
            + "the peer claimed the run " + Duration.between(cutAt, taken.startedAt()).toMillis() + " ms after it");
        assertThat(stoppedAt).as("the cut host stopped its copy before another host could start one")
            .isBeforeOrEqualTo(taken.startedAt());
        assertThat(cut.log()).anyMatch(l -> l.contains("host=cut run=" + run + " lease lapses at")
            && l.contains("stopping the run here"));
        StoredRun done = await("the peer to complete the run", () -> store.run(run).orElseThrow(),
            r -> r.state().equals(StoredRun.FINISHED));
        StoredRun before = done;

        proxy.restore();
        await("the cut host to rejoin (alive again in hearth fleet)", () -> {
          StringWriter out = new StringWriter();
          Main.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "fleet", "--store", url);
          return out.toString();
        }, text -> text.lines().anyMatch(l -> l.matches("\\s*cut\\s+alive\\s.*")));
        await("the cut host to say it rejoined", cut::log, log -> log.stream().anyMatch(l -> l.contains("rejoined the fleet")));
        await("the cut host's VM release to be recorded", store.progress()::allocatedVms, List::isEmpty);
        // a few more heartbeats of the rejoined host: whatever it still had to say about the run is said by now
        Thread.sleep(3 * 600);

        StoredRun after = store.run(run).orElseThrow();
        assertThat(after).isEqualTo(before);
        assertThat(after.conclusion()).isEqualTo("success");
        assertThat(after.reason()).isEqualTo("queued again after host cut stopped renewing its lease");
        java.util.Map<String, String> owners = store.progress().vmOwners();
        assertThat(store.progress().jobs(run)).singleElement().satisfies(j -> {
          assertThat(j.conclusion()).isEqualTo("success");
          assertThat(owners.get(j.vmId())).isEqualTo("peer");
        });
        assertThat(store.progress().steps(run)).allSatisfy(s -> assertThat(s.state()).isEqualTo("finished"))
            .anySatisfy(s -> assertThat(s.conclusion()).isEqualTo("success"));
        assertThat(store.progress().logs(run)).extracting(Progress.LogChunk::text)
            .anyMatch(t -> t.lines().anyMatch("short copy"::equals))
            .as("the cut host's late output is not recorded").noneMatch(t -> t.lines().anyMatch("long copy on the cut host"::equals));
        assertThat(store.progress().vmsOf(run)).hasSize(2).allSatisfy(v -> assertThat(v.state()).isEqualTo("released"));
        for (String id : List.of("cut", "peer")) {
          assertThat(processesOf(tmp.resolve(id))).as("no step process of %s left", id).isEmpty();
          try (Stream<Path> left = Files.list(FleetHost.vms(tmp, id))) {
            assertThat(left.toList()).as("no work directory of %s left", id).isEmpty();
          }
        }
      } finally {
        cut.stop();
        if (peer != null) peer.stop();
      }
    }
  }

  static <T> T await(String what, Supplier<T> value, Predicate<T> done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    T last = value.get();
    while (last == null || !done.test(last)) {
      if (System.nanoTime() > deadline) throw new AssertionError("gave up waiting for " + what + "; last seen: " + last);
      Thread.sleep(20);
      last = value.get();
    }
    return last;
  }

  static List<Long> processesOf(Path home) {
    try {
      return ServeRestartIT.vmProcesses(home);
    } catch (java.io.IOException e) {
      return List.of(-1L); // its VM root is not there yet: nothing known to be gone
    }
  }
}

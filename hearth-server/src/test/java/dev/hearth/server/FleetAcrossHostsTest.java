package dev.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.server.config.FleetSettings;
import dev.hearth.server.config.GitHubSettings;
import dev.hearth.server.config.LogFormat;
import dev.hearth.server.config.ServerConfig;
import dev.hearth.server.config.VmsConfig;
import dev.hearth.server.metrics.PoolGauge;
import dev.hearth.server.queue.HostWorkspaceReaper;
import dev.hearth.server.store.StoredRun;
import dev.hearth.testing.GitDaemon;
import dev.hearth.testing.PostgresCluster;
import dev.hearth.testing.PushPayloads;
import dev.hearth.testing.WebhookClient;
import dev.hearth.vm.VmSpec;
import dev.hearth.vm.host.HostVmProvider;
import dev.hearth.vm.pool.PoolSettings;
import dev.hearth.vm.pool.PoolStats;
import dev.hearth.vm.pool.WarmPool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code hearth serve} hosts in this JVM on one real PostgreSQL, with leases of 300 s (so no
 * heartbeat happens during a test: the first comes after 100 s): what reaches the other host can only
 * have gone through the store's notices, or through a beat the test drives itself.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FleetAcrossHostsTest {
  static final String SECRET = "fleet-secret";
  static final Duration LEASE = Duration.ofSeconds(300);
  static final String SLOW = """
      on: push
      jobs:
        slow:
          runs-on: ubuntu-latest
          steps:
            - run: echo started; sleep 120
      """;

  @TempDir static Path shared;
  static GitDaemon git;
  static GitDaemon.Repository repo;
  static String sha;
  static PostgresCluster postgres;

  @TempDir Path dir;
  final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(PostgresCluster.binaries().isPresent(),
        "PostgreSQL's server (initdb, pg_ctl under /usr/lib/postgresql/*/bin) is not installed: apt-get install postgresql");
    postgres = PostgresCluster.start();
    git = GitDaemon.start(shared.resolve("served"));
    repo = git.create("octo/slow", "main");
    sha = repo.file(".github/workflows/slow.yml", SLOW).commitAndPush();
  }

  @AfterAll
  static void stop() throws Exception {
    if (git != null) git.close();
    if (postgres != null) postgres.close();
  }

  @AfterEach
  void closeHosts() throws Exception {
    for (AutoCloseable c : open.reversed()) c.close();
  }

  /** A host named {@code id}, with a warm pool of one VM when {@code pooled}. */
  HearthServer host(String id, String store, boolean pooled) {
    Path data = dir.resolve(id);
    ServerConfig config = new ServerConfig("127.0.0.1", 0, data, store, "host", 2, List.of(SECRET),
        URI.create(git.baseUrl()), null, Map.of(), GitHubSettings.defaults(), null, LogFormat.TEXT, Duration.ofSeconds(1),
        new FleetSettings(id, LEASE, 0, 0), VmsConfig.NONE);
    HostVmProvider provider = HostVmProvider.create(data.resolve("vms"));
    open.add(provider);
    HearthServer.Wiring wiring = HearthServer.Wiring.of(provider, new HostWorkspaceReaper(provider.root()));
    if (pooled) {
      WarmPool pool = WarmPool.start(provider, PoolSettings.of(1, VmSpec.of(List.of("ubuntu-latest"), Map.of())),
          Clock.systemUTC());
      open.add(pool);
      wiring = wiring.withPools(List.of(new PoolGauge("host", "warm", () -> {
        PoolStats s = pool.stats();
        return new PoolGauge.Reading(s.target(), s.idle(), s.refilling(), s.inUse(), s.warm(), s.cold(), s.unhealthy(),
            s.refillFailures(), 0, 0);
      })));
    }
    HearthServer server = HearthServer.start(config, wiring);
    open.add(server);
    return server;
  }

  static HttpResponse<String> post(HearthServer host, String path) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.port() + path))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  @Test
  void aCancelThroughOneHostsApiStopsTheRunOnTheOtherHostLongBeforeAHeartbeat() throws Exception {
    String store = postgres.newDatabase();
    HearthServer a = host("a", store, false);
    HearthServer b = host("b", store, false);
    Eventually.await("both hosts listening", () -> a.queue().listener().listening() && b.queue().listener().listening(),
        x -> x);
    byte[] push = PushPayloads.push(repo.fullName(), "https://github.com/octo/slow.git", "main", sha);
    assertThat(new WebhookClient(a.port()).send("push", "d-slow", push, SECRET).statusCode()).isEqualTo(202);
    StoredRun running = Eventually.await("the run's step to be running", () -> a.store().runsOf("d-slow").stream()
        .filter(r -> r.state().equals(StoredRun.RUNNING)).findFirst()
        .filter(r -> a.store().progress().steps(r.id()).stream().anyMatch(s -> s.state().equals("running")))
        .orElse(null), r -> r != null);
    HearthServer owner = a.queue().runsInFlight() == 1 ? a : b;
    HearthServer other = owner == a ? b : a;

    long asked = System.nanoTime();
    assertThat(post(other, "/api/runs/" + running.id() + "/cancel").statusCode()).isEqualTo(202);
    StoredRun finished = Eventually.await("the run to finish", () -> owner.store().run(running.id()).orElseThrow(),
        r -> r.state().equals(StoredRun.FINISHED));
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
    System.out.println("cancel across hosts: API cancel on the other host → run finished as cancelled on its owner in "
        + tookMillis + " ms");

    assertThat(finished.conclusion()).isEqualTo("cancelled");
    assertThat(tookMillis).as("the owner's first heartbeat comes after %s; only the notice explains the cancel",
        LEASE.dividedBy(3)).isLessThanOrEqualTo(5_000);
  }

  @Test
  void everyHostsMetricsCarryEveryHostsPoolsAndAHostWithoutAPoolSaysSo() throws Exception {
    String store = postgres.newDatabase();
    HearthServer a = host("a", store, true);
    HearthServer b = host("b", store, false);
    Eventually.await("a's pool to be warm", () -> a.store().fleet().hosts(), hosts -> {
      a.queue().heartbeat().beat();
      return hosts.stream().anyMatch(h -> h.hostId().equals("a") && h.pool() != null && !h.pool().pools().isEmpty()
          && h.pool().pools().getFirst().idle() == 1);
    });
    b.queue().heartbeat().beat();
    String metrics = new WebhookClient(b.port()).get("/metrics").body();
    assertThat(metrics)
        .contains("hearth_fleet_host_pool_size{host=\"a\",pool=\"warm\",provider=\"host\"} 1.0")
        .contains("hearth_fleet_host_pool_idle{host=\"a\",pool=\"warm\",provider=\"host\"} 1.0")
        .contains("hearth_fleet_host_pool_in_use{host=\"a\",pool=\"warm\",provider=\"host\"} 0.0")
        .contains("hearth_fleet_host_pool_refilling{host=\"a\",pool=\"warm\",provider=\"host\"} 0.0")
        .contains("hearth_fleet_host_pool_refill_failures{host=\"a\",pool=\"warm\",provider=\"host\"} 0.0")
        .contains("hearth_fleet_host_pools{host=\"a\"} 1.0")
        .contains("hearth_fleet_host_pools{host=\"b\"} 0.0")
        .doesNotContain("hearth_fleet_host_pool_size{host=\"b\"");
  }
}

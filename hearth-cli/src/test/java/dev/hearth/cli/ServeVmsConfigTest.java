package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.server.HearthServer;
import dev.hearth.server.config.ConfigLoader;
import dev.hearth.server.config.ServerConfig;
import dev.hearth.server.store.StoredRun;
import dev.hearth.testing.GitDaemon;
import dev.hearth.testing.PushPayloads;
import dev.hearth.testing.WebhookClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hearth serve}'s configuration of quotas, warm pools and placement, wired as ServeCommand wires
 * it ({@link VmWiring}), on host providers behind a real server: a run within its repository's cap
 * runs on a placed, pooled VM; a run whose label asks beyond the cap fails before allocation, saying
 * so in its log; {@code /metrics} shows each pool.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServeVmsConfigTest {
  @TempDir Path dir;

  @Test
  void quotasPoolsAndPlacementFromTheConfigFileServeRunsAndShowOnMetrics() throws Exception {
    Path file = Files.writeString(dir.resolve("hearth.yml"), """
        provider: host
        data-dir: %s
        webhook: {secrets: [s]}
        quotas:
          defaults: {vcpus: 1, wall-time: 10m}
          caps:
            "octo/*": {vcpus: 2}
        pool: {size: 1, labels: [ubuntu-latest]}
        placement: round-robin
        members:
          - {name: first, provider: host, labels: [ubuntu-latest, hearth-4cpu]}
          - {name: second, provider: host, labels: [ubuntu-latest]}
        """.formatted(dir.resolve("data")));
    try (GitDaemon git = GitDaemon.start(dir.resolve("served"))) {
      GitDaemon.Repository repo = git.create("octo/quota", "main");
      repo.file(".github/workflows/small.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: echo small}]\n");
      String sha = repo.file(".github/workflows/big.yml", "on: push\njobs:\n  b:\n    runs-on: hearth-4cpu\n    steps: [{run: echo big}]\n")
          .commitAndPush();
      ServerConfig config = ConfigLoader.load(file, Map.of("HEARTH_SOURCE_BASE_URL", git.baseUrl()),
          new ConfigLoader.Flags("127.0.0.1:0", null, null, null, null), Providers::isKnown);
      VmWiring.Wired wired = VmWiring.open(config.provider(), config.vms(), Clock.systemUTC());
      assertThat(wired.lines()).contains("pool first: 1 ready VMs per shape, warm now for [[ubuntu-latest]]",
          "placement round-robin over 2 members");
      try (var provider = wired.provider();
          HearthServer server = HearthServer.start(config, HearthServer.Wiring.of(provider, vm -> "nothing").withPools(wired.pools()))) {
        new WebhookClient(server.port()).send("push", "d-q", PushPayloads.push(repo.fullName(),
            "https://github.com/octo/quota.git", "main", sha), "s");
        List<StoredRun> runs = awaitFinished(server, "d-q", 2);

        StoredRun small = runs.stream().filter(r -> r.workflowFile().endsWith("small.yml")).findFirst().orElseThrow();
        StoredRun big = runs.stream().filter(r -> r.workflowFile().endsWith("big.yml")).findFirst().orElseThrow();
        assertThat(small.conclusion()).isEqualTo("success");
        assertThat(big.conclusion()).isEqualTo("failure");
        String url = "http://127.0.0.1:" + server.port();
        assertThat(CliRun.of("logs", String.valueOf(small.id()), "--server", url).out())
            .contains("VM quota: 1 vCPUs, 10m wall time (quotas.defaults)");
        assertThat(CliRun.of("logs", String.valueOf(big.id()), "--server", url).out())
            .contains("No VM for this run: runs-on label 'hearth-4cpu' asks for 4 vCPUs, more than repository octo/quota may "
                + "have: its cap is 2 vCPUs (quotas.caps.octo/*)");

        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        for (String pool : List.of("first", "second")) {
          assertThat(metrics).contains("hearth_pool_size{pool=\"" + pool + "\",provider=\"host\"} 1.0")
              .contains("hearth_pool_idle{pool=\"" + pool + "\",provider=\"host\"}")
              .contains("hearth_pool_refill_failures_total{pool=\"" + pool + "\",provider=\"host\"} 0.0")
              .contains("hearth_pool_take_seconds_count{how=\"warm\",pool=\"" + pool + "\",provider=\"host\"}");
        }
        assertThat(metrics).contains("hearth_vm_allocations_total{provider=\"placed\"} 1.0");
      }
    }
  }

  @Test
  void everyPlacementTheConfigurationAcceptsIsAStrategy() {
    for (String name : dev.hearth.server.config.VmsConfig.PLACEMENTS) {
      assertThat(dev.hearth.vm.placement.Placement.parse(name).configName()).isEqualTo(name);
    }
    assertThat(dev.hearth.vm.placement.Placement.values()).hasSameSizeAs(dev.hearth.server.config.VmsConfig.PLACEMENTS);
  }

  private static List<StoredRun> awaitFinished(HearthServer server, String delivery, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      List<StoredRun> runs = server.store().runsOf(delivery);
      if (runs.size() == count && runs.stream().allMatch(r -> r.state().equals(StoredRun.FINISHED))) {
        return runs.stream().sorted(Comparator.comparingLong(StoredRun::id)).toList();
      }
      if (System.nanoTime() > deadline) throw new AssertionError("runs of " + delivery + " did not finish: " + runs);
      Thread.sleep(20);
    }
  }
}

package dev.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.server.queue.HostWorkspaceReaper;
import dev.hearth.server.store.StoredRun;
import dev.hearth.testing.GitDaemon;
import dev.hearth.testing.WebhookClient;
import dev.hearth.testing.github.FakeGitHub;
import dev.hearth.vm.host.HostVmProvider;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} scraped after a run: Prometheus text with Hearth's meters, and no run id in a label. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MetricsAfterRunTest {
  @TempDir Path dir;

  @Test
  void scrapeAfterARunShowsSessionsQueueVmsDurationsAndWebhooksWithoutRunIds() throws Exception {
    try (GitDaemon git = GitDaemon.start(dir.resolve("served"));
        FakeGitHub github = FakeGitHub.start();
        HostVmProvider provider = HostVmProvider.create(dir.resolve("data/vms"))) {
      GitDaemon.Repository repo = git.create("octo/metrics", "main");
      String sha = repo.file(".github/workflows/ci.yml", ApiConformsToOpenApiTest.FAST).commitAndPush();
      try (HearthServer server = HearthServer.start(ApiFixture.config(dir.resolve("data"), git, github),
          HearthServer.Wiring.of(provider, new HostWorkspaceReaper(provider.root())))) {
        WebhookClient hooks = new WebhookClient(server.port());
        hooks.send("push", "d-m1", ApiFixture.push(repo, sha), ApiFixture.SECRET);
        hooks.send("push", "d-m2", ApiFixture.push(repo, sha), "wrong-secret");
        hooks.send("push", "d-m1", ApiFixture.push(repo, sha), ApiFixture.SECRET);
        StoredRun run = Eventually.await("the run to finish", () -> server.store().runsOf("d-m1"),
            r -> r.size() == 1 && r.getFirst().state().equals(StoredRun.FINISHED)).getFirst();

        HttpResponse<String> r = ApiFixture.call(server.port(), "GET", "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
        String text = r.body();
        assertThat(text)
            .contains("hearth_sessions_active ")
            .contains("hearth_sessions_waiting ")
            .contains("hearth_queue_depth 0.0")
            .contains("hearth_vm_allocations_total{provider=\"host\"} 1.0")
            .contains("hearth_vm_releases_total{provider=\"host\"} 1.0")
            .contains("hearth_vm_allocation_latency_seconds_bucket{provider=\"host\",le=")
            .contains("hearth_run_duration_seconds_count{result=\"success\"} 1")
            .contains("hearth_job_duration_seconds_count{result=\"success\"} 1")
            .contains("hearth_step_duration_seconds_count{result=\"success\"}")
            .contains("hearth_webhook_deliveries_total{event=\"push\",outcome=\"accepted\",status=\"202\"} 1.0")
            .contains("hearth_webhook_deliveries_total{event=\"push\",outcome=\"unauthorized\",status=\"401\"} 1.0")
            .contains("hearth_webhook_deliveries_total{event=\"push\",outcome=\"answered\",status=\"200\"} 1.0");
        for (String line : text.split("\n")) {
          if (line.startsWith("#") || !line.contains("{")) continue;
          String labels = line.substring(line.indexOf('{'), line.lastIndexOf('}') + 1);
          assertThat(labels).as("labels of " + line).doesNotContain("run=").doesNotContain("vm=")
              .doesNotContain("\"" + run.id() + "\"").doesNotContain("d-m1");
        }
        assertThat(text.getBytes(StandardCharsets.UTF_8).length).isPositive();
      }
    }
  }
}

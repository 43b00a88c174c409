package dev.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.server.config.LogFormat;
import dev.hearth.server.config.ServerConfig;
import dev.hearth.server.queue.HostWorkspaceReaper;
import dev.hearth.server.store.StoredRun;
import dev.hearth.testing.GitDaemon;
import dev.hearth.testing.WebhookClient;
import dev.hearth.testing.github.FakeCheckRun;
import dev.hearth.testing.github.FakeGitHub;
import dev.hearth.vm.host.HostVmProvider;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing {@code hearth serve} (what SIGTERM does) lets the reports to GitHub still queued go out, up
 * to {@code github.shutdown-wait}, before it returns; what is still waiting then stays in the store
 * (with a log line) and goes out once it is started again. A check run's details URL is the run's page under {@code public-url}. GitHub is the
 * in-process {@link FakeGitHub}, made slow with its secondary rate limit ({@code Retry-After}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReportsOnShutdownTest {
  /** The job holds until GATE exists, so GitHub can be slowed down before its completion is reported. */
  static final String WORKFLOW = """
      name: ci
      on: push
      jobs:
        build:
          runs-on: ubuntu-latest
          steps:
            - run: for i in $(seq 1 1200); do [ -f "GATE" ] && break; sleep 0.1; done
      """;

  @TempDir Path dir;

  @Test
  void closeWaitsForTheQueuedReportsAndDetailsUrlIsUnderThePublicUrl() throws Exception {
    try (GitDaemon git = GitDaemon.start(dir.resolve("served"));
        FakeGitHub github = FakeGitHub.start();
        HostVmProvider provider = HostVmProvider.create(dir.resolve("data/vms"))) {
      Path gate = dir.resolve("gate");
      GitDaemon.Repository repo = git.create("octo/drain", "main");
      String sha = repo.file(".github/workflows/ci.yml", WORKFLOW.replace("GATE", gate.toString())).commitAndPush();
      ServerConfig config = ApiFixture.config(dir.resolve("data"), git, github)
          .withServing(URI.create("https://hearth.example.com/ci/"), LogFormat.TEXT, Duration.ofSeconds(60));
      HearthServer server = HearthServer.start(config, HearthServer.Wiring.of(provider, new HostWorkspaceReaper(provider.root())));
      long runId;
      try {
        assertThat(new WebhookClient(server.port()).send("push", "d-drain", ApiFixture.push(repo, sha), ApiFixture.SECRET)
            .statusCode()).isEqualTo(202);
        github.await("the check run in progress", () -> github.checkRuns("octo", "drain"),
            l -> l.size() == 1 && l.getFirst().current().status().equals("in_progress"), Duration.ofSeconds(60));
        // GitHub now answers the next two calls (the completion and its first retry) "retry after 2 s".
        github.rateLimitNext(2, Duration.ofSeconds(2));
        Files.writeString(gate, "go");
        runId = Eventually.await("the run to finish", () -> server.store().runsOf("d-drain"),
            l -> !l.isEmpty() && l.getFirst().state().equals(StoredRun.FINISHED)).getFirst().id();
      } finally {
        server.close();
      }

      FakeCheckRun check = github.checkRuns("octo", "drain").getFirst();
      assertThat(check.statusChanges()).containsExactly("queued", "in_progress", "completed");
      assertThat(check.current().conclusion()).isEqualTo("success");
      assertThat(check.detailsUrl()).isEqualTo("https://hearth.example.com/ci/runs/" + runId);
    }
  }

  @Test
  void closeLeavesReportsStillWaitingAfterTheShutdownWaitInTheStoreAndTheRestartSendsThem() throws Exception {
    try (GitDaemon git = GitDaemon.start(dir.resolve("served"));
        FakeGitHub github = FakeGitHub.start();
        HostVmProvider provider = HostVmProvider.create(dir.resolve("data/vms"));
        LogCapture log = new LogCapture()) {
      Path gate = dir.resolve("gate");
      GitDaemon.Repository repo = git.create("octo/late", "main");
      String sha = repo.file(".github/workflows/ci.yml", WORKFLOW.replace("GATE", gate.toString())).commitAndPush();
      ServerConfig config = ApiFixture.config(dir.resolve("data"), git, github)
          .withServing(null, LogFormat.TEXT, Duration.ofSeconds(1));
      HearthServer server = HearthServer.start(config, HearthServer.Wiring.of(provider, new HostWorkspaceReaper(provider.root())));
      long runId;
      try {
        assertThat(new WebhookClient(server.port()).send("push", "d-late", ApiFixture.push(repo, sha), ApiFixture.SECRET)
            .statusCode()).isEqualTo(202);
        github.await("the check run in progress", () -> github.checkRuns("octo", "late"),
            l -> l.size() == 1 && l.getFirst().current().status().equals("in_progress"), Duration.ofSeconds(60));
        github.rateLimitNext(1, Duration.ofSeconds(120));
        Files.writeString(gate, "go");
        runId = Eventually.await("the run to finish", () -> server.store().runsOf("d-late"),
            l -> !l.isEmpty() && l.getFirst().state().equals(StoredRun.FINISHED)).getFirst().id();
      } finally {
        server.close();
      }

      assertThat(github.checkRuns("octo", "late").getFirst().current().status()).isEqualTo("in_progress");
      assertThat(log.text()).contains("reports to GitHub of run(s) [" + runId + "] still not sent after 1 s: left in the store");
      assertThat(List.of(log.text().split("\n"))).anyMatch(l -> l.contains("hearth serve stopped"));

      // started again, it sends what it left: the same check run completes
      HearthServer again = HearthServer.start(config, HearthServer.Wiring.of(provider, new HostWorkspaceReaper(provider.root())));
      try {
        FakeCheckRun check = github.await("the check run completed after the restart", () -> github.checkRuns("octo", "late"),
            l -> l.getFirst().current().status().equals("completed"), Duration.ofSeconds(60)).getFirst();
        assertThat(github.checkRuns("octo", "late")).hasSize(1);
        assertThat(check.current().conclusion()).isEqualTo("success");
      } finally {
        again.close();
      }
    }
  }
}

package dev.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.server.queue.HostWorkspaceReaper;
import dev.hearth.server.store.StoredRun;
import dev.hearth.testing.GitDaemon;
import dev.hearth.testing.WebhookClient;
import dev.hearth.testing.github.FakeCheckRun;
import dev.hearth.testing.github.FakeGitHub;
import dev.hearth.vm.host.HostVmProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's first "done means": a signed push webhook for a repository served by a real
 * {@code git daemon} runs its workflow in the host provider; each job's check run reaches the fake
 * GitHub as queued → in_progress → completed with its conclusion and the {@code ::error} annotation;
 * the logs are read through the REST API and streamed live over server-sent events while the run goes.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReportedRunEndToEndTest {
  /** The lint job holds until the test creates the file GATE (at most 2 minutes), so its first line is seen while it runs. */
  static final String WORKFLOW = """
      name: ci
      on: push
      jobs:
        lint:
          runs-on: ubuntu-latest
          steps:
            - name: check style
              run: |
                echo "checking style"
                for i in $(seq 1 1200); do [ -f "GATE" ] && break; sleep 0.1; done
                echo "::error file=src/app.c,line=3::missing semicolon"
                exit 1
        build:
          runs-on: ubuntu-latest
          steps:
            - run: echo "built it"
      """;

  @TempDir Path dir;

  @Test
  void pushIsRunReportedAsCheckRunsAndItsLogsStreamLive() throws Exception {
    try (GitDaemon git = GitDaemon.start(dir.resolve("served"));
        FakeGitHub github = FakeGitHub.start();
        HostVmProvider provider = HostVmProvider.create(dir.resolve("data/vms"))) {
      GitDaemon.Repository repo = git.create("octo/api", "main");
      Path gate = dir.resolve("gate");
      String sha = repo.file(".github/workflows/ci.yml", WORKFLOW.replace("GATE", gate.toString())).file("src/app.c", "int main() {}\n").commitAndPush();
      try (HearthServer server = HearthServer.start(ApiFixture.config(dir.resolve("data"), git, github),
          HearthServer.Wiring.of(provider, new HostWorkspaceReaper(provider.root())))) {
        int port = server.port();
        assertThat(new WebhookClient(port).send("push", "d-api-1", ApiFixture.push(repo, sha), ApiFixture.SECRET).statusCode())
            .isEqualTo(202);
        long runId = Eventually.await("the run to be queued", () -> server.store().runsOf("d-api-1"), r -> !r.isEmpty())
            .getFirst().id();

        List<String> stateAtFirstLine = new CopyOnWriteArrayList<>();
        List<ApiFixture.Sse> events = ApiFixture.stream(port, "/api/runs/" + runId + "/logs/stream", e -> {
          if (e.event().equals("line") && e.data().path("text").asText().equals("checking style")) {
            stateAtFirstLine.add(server.store().run(runId).orElseThrow().state());
            try {
              java.nio.file.Files.writeString(gate, "go");
            } catch (java.io.IOException ex) {
              throw new java.io.UncheckedIOException(ex);
            }
          }
        });
        Eventually.await("the end event", () -> events, l -> !l.isEmpty() && l.getLast().event().equals("end"));
        StoredRun run = server.store().run(runId).orElseThrow();

        // Streamed live: the lint job's line came while the run was still executing (held by the gate), and the end carries its conclusion.
        assertThat(stateAtFirstLine).containsExactly(StoredRun.RUNNING);
        assertThat(events.getLast().data().path("conclusion").asText()).isEqualTo("failure");
        List<String> streamed = events.stream().filter(e -> e.event().equals("line")).map(e -> e.data().path("text").asText()).toList();
        assertThat(streamed).contains("checking style", "built it");

        // Reported: one check run per job, in order, with conclusions and the annotation.
        List<FakeCheckRun> checks = github.await("both check runs completed", () -> github.checkRuns("octo", "api"),
            l -> l.size() == 2 && l.stream().allMatch(c -> c.current().status().equals("completed")), Duration.ofSeconds(60));
        List<FakeCheckRun> byName = new ArrayList<>(checks);
        byName.sort(Comparator.comparing(FakeCheckRun::name));
        assertThat(byName).extracting(FakeCheckRun::name).containsExactly("ci / build", "ci / lint");
        assertThat(byName).allSatisfy(c -> {
          assertThat(c.statusChanges()).containsExactly("queued", "in_progress", "completed");
          assertThat(c.headSha()).isEqualTo(sha);
          assertThat(c.detailsUrl()).isEqualTo("http://127.0.0.1:" + port + "/runs/" + runId);
        });
        assertThat(byName.get(0).current().conclusion()).isEqualTo("success");
        assertThat(byName.get(1).current().conclusion()).isEqualTo("failure");
        assertThat(byName.get(1).annotations()).anySatisfy(a -> {
          assertThat(a.path()).isEqualTo("src/app.c");
          assertThat(a.startLine()).isEqualTo(3);
          assertThat(a.level()).isEqualTo("failure");
          assertThat(a.message()).isEqualTo("missing semicolon");
        });

        // Retrievable through the API: the run, its jobs and steps, its whole log and a range of it.
        assertThat(run.conclusion()).isEqualTo("failure");
        JsonNode got = ApiFixture.get(port, "/api/runs/" + runId);
        assertThat(got.path("state").asText()).isEqualTo("finished");
        assertThat(got.path("vms")).hasSize(1);
        assertThat(ApiFixture.get(port, "/api/runs/" + runId + "/jobs").path("jobs")).hasSize(2);
        JsonNode logs = ApiFixture.get(port, "/api/runs/" + runId + "/logs");
        String whole = String.join("\n", logs.path("chunks").findValuesAsText("text"));
        assertThat(whole).contains("checking style").contains("built it");
        int chunks = logs.path("chunks").size();
        JsonNode range = ApiFixture.get(port, "/api/runs/" + runId + "/logs?offset=1&limit=1");
        assertThat(range.path("chunks")).hasSize(Math.min(1, chunks - 1));
        if (chunks > 1) assertThat(range.path("chunks").get(0)).isEqualTo(logs.path("chunks").get(1));

        // A finished run's stream is replayed from the store, then ends.
        List<ApiFixture.Sse> replay = ApiFixture.stream(port, "/api/runs/" + runId + "/logs/stream", e -> { });
        Eventually.await("the replayed end", () -> replay, l -> !l.isEmpty() && l.getLast().event().equals("end"));
        assertThat(replay.stream().filter(e -> e.event().equals("line")).map(e -> e.data().path("text").asText()).toList())
            .containsAll(streamed);
      }
    }
  }
}

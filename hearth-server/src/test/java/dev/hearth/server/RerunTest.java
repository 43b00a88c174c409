package dev.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.server.store.StoredRun;
import dev.hearth.testing.GitDaemon;
import dev.hearth.testing.PushPayloads;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/runs/{id}/rerun} re-runs exactly that run: its workflow (not the delivery's other
 * workflows) at its commit (not where the branch is now), as the one run of a new delivery.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RerunTest {
  static final String SECRET = "rerun-secret";

  @TempDir Path dir;

  @Test
  void rerunRunsExactlyThatWorkflowAtTheSameCommitAfterTheBranchMoved() throws Exception {
    try (GitDaemon git = GitDaemon.start(dir.resolve("served"))) {
      GitDaemon.Repository repo = git.create("octo/again", "main");
      String first = repo.file(".github/workflows/a.yml", workflow("a"))
          .file(".github/workflows/b.yml", workflow("b")).file("version.txt", "one\n").commitAndPush();
      try (ServeFixture s = ServeFixture.start(ServeFixture.config(dir.resolve("data"), "sqlite:" + dir.resolve("data/hearth.db"),
          git.baseUrl(), List.of(SECRET)))) {
        byte[] push = PushPayloads.push("octo/again", "https://github.com/octo/again.git", "main", first);
        assertThat(s.client.send("push", "d-again", push, SECRET).statusCode()).isEqualTo(202);
        List<StoredRun> runs = Eventually.await("both runs to finish", () -> s.store().runsOf("d-again"),
            l -> l.size() == 2 && l.stream().allMatch(r -> r.state().equals(StoredRun.FINISHED)));
        StoredRun a = runs.stream().filter(r -> r.workflowFile().endsWith("a.yml")).findFirst().orElseThrow();
        repo.file("version.txt", "two\n").commitAndPush();

        var answer = ApiFixture.call(s.server.port(), "POST", "/api/runs/" + a.id() + "/rerun");
        assertThat(answer.statusCode()).isEqualTo(202);
        JsonNode body = ApiFixture.JSON.readTree(answer.body());
        assertThat(body.path("delivery").asText()).isEqualTo("d-again.rerun-1");
        long rerunId = body.path("rerun").asLong();
        StoredRun rerun = Eventually.await("the re-run to finish", () -> s.store().run(rerunId).orElseThrow(),
            r -> r.state().equals(StoredRun.FINISHED));

        assertThat(s.store().runsOf("d-again.rerun-1")).extracting(StoredRun::id).containsExactly(rerunId);
        assertThat(rerun.workflowFile()).isEqualTo(".github/workflows/a.yml");
        assertThat(rerun.sha()).isEqualTo(first);
        assertThat(rerun.conclusion()).isEqualTo("success");
        String logs = String.join("\n", ApiFixture.get(s.server.port(), "/api/runs/" + rerunId + "/logs").path("chunks")
            .findValuesAsText("text"));
        assertThat(logs).contains("workflow a at " + first + " version one");

        assertThat(ApiFixture.call(s.server.port(), "POST", "/api/runs/999999/rerun").statusCode()).isEqualTo(404);
      }
    }
  }

  private static String workflow(String name) {
    return """
        on: push
        jobs:
          show:
            runs-on: ubuntu-latest
            steps:
              - run: echo "workflow %s at $GITHUB_SHA version $(cat version.txt)"
        """.formatted(name);
  }
}

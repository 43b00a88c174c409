package dev.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.server.queue.HostWorkspaceReaper;
import dev.hearth.server.store.StoredRun;
import dev.hearth.testing.GitDaemon;
import dev.hearth.testing.WebhookClient;
import dev.hearth.testing.github.FakeGitHub;
import dev.hearth.vm.host.HostVmProvider;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server checked against {@code openapi.yaml}: every documented path, method and status is
 * requested from a real server, each answer has a documented status and content type, and each JSON
 * body matches its schema ({@link OpenApiSpec}). Bad requests answer {@code {"error"}} naming what was wrong.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ApiConformsToOpenApiTest {
  static final String FAST = """
      on: push
      jobs:
        hello:
          runs-on: ubuntu-latest
          steps:
            - run: echo "hello"
      """;
  static final String SLOW = """
      on: push
      jobs:
        wait:
          runs-on: ubuntu-latest
          steps:
            - run: echo "waiting"; sleep 60
      """;

  @TempDir Path dir;

  record Exchange(String method, String template, String path, int status, String contentType, String body) {}

  @Test
  void everyDocumentedAnswerIsGivenWithItsSchema() throws Exception {
    try (GitDaemon git = GitDaemon.start(dir.resolve("served"));
        FakeGitHub github = FakeGitHub.start();
        HostVmProvider provider = HostVmProvider.create(dir.resolve("data/vms"))) {
      GitDaemon.Repository fast = git.create("octo/fast", "main");
      String fastSha = fast.file(".github/workflows/ci.yml", FAST).commitAndPush();
      GitDaemon.Repository slow = git.create("octo/slow", "main");
      String slowSha = slow.file(".github/workflows/ci.yml", SLOW).commitAndPush();
      try (HearthServer server = HearthServer.start(ApiFixture.config(dir.resolve("data"), git, github),
          HearthServer.Wiring.of(provider, new HostWorkspaceReaper(provider.root())))) {
        int port = server.port();
        WebhookClient hooks = new WebhookClient(port);
        hooks.send("push", "d-fast", ApiFixture.push(fast, fastSha), ApiFixture.SECRET);
        hooks.send("push", "d-slow", ApiFixture.push(slow, slowSha), ApiFixture.SECRET);
        StoredRun done = Eventually.await("the fast run to finish", () -> server.store().runsOf("d-fast"),
            r -> r.size() == 1 && r.getFirst().state().equals(StoredRun.FINISHED)).getFirst();
        StoredRun running = Eventually.await("the slow run to run", () -> server.store().runsOf("d-slow"),
            r -> r.size() == 1 && r.getFirst().state().equals(StoredRun.RUNNING)).getFirst();

        List<Exchange> exchanges = new ArrayList<>();
        String d = "/api/runs/" + done.id();
        exchange(exchanges, port, "GET", "/api/runs", "/api/runs?state=finished&repository=octo/fast&offset=0&limit=10");
        exchange(exchanges, port, "GET", "/api/runs", "/api/runs?state=sleeping");
        exchange(exchanges, port, "GET", "/api/runs/{id}", d);
        exchange(exchanges, port, "GET", "/api/runs/{id}", "/api/runs/abc");
        exchange(exchanges, port, "GET", "/api/runs/{id}", "/api/runs/999999");
        exchange(exchanges, port, "GET", "/api/runs/{id}/jobs", d + "/jobs");
        exchange(exchanges, port, "GET", "/api/runs/{id}/jobs", "/api/runs/999999/jobs");
        exchange(exchanges, port, "GET", "/api/runs/{id}/steps", d + "/steps");
        exchange(exchanges, port, "GET", "/api/runs/{id}/steps", "/api/runs/999999/steps");
        exchange(exchanges, port, "GET", "/api/runs/{id}/logs", d + "/logs?offset=0&limit=1");
        exchange(exchanges, port, "GET", "/api/runs/{id}/logs", d + "/logs?limit=many");
        exchange(exchanges, port, "GET", "/api/runs/{id}/logs", "/api/runs/999999/logs");
        exchange(exchanges, port, "GET", "/api/runs/{id}/logs/stream", d + "/logs/stream");
        exchange(exchanges, port, "GET", "/api/runs/{id}/logs/stream", "/api/runs/999999/logs/stream");
        exchange(exchanges, port, "POST", "/api/runs/{id}/cancel", "/api/runs/" + running.id() + "/cancel");
        exchange(exchanges, port, "POST", "/api/runs/{id}/cancel", d + "/cancel");
        exchange(exchanges, port, "POST", "/api/runs/{id}/cancel", "/api/runs/999999/cancel");
        exchange(exchanges, port, "POST", "/api/runs/{id}/rerun", d + "/rerun");
        exchange(exchanges, port, "POST", "/api/runs/{id}/rerun", "/api/runs/999999/rerun");

        OpenApiSpec spec = OpenApiSpec.load();
        Set<String> documented = new HashSet<>();
        for (OpenApiSpec.Answer a : spec.answers()) documented.add(a.method() + " " + a.path() + " " + a.status());
        Set<String> given = new HashSet<>();
        for (Exchange e : exchanges) {
          String key = e.method() + " " + e.template() + " " + e.status();
          assertThat(documented).as("documented answers").contains(key);
          given.add(key);
          OpenApiSpec.Answer answer = spec.answers().stream()
              .filter(a -> (a.method() + " " + a.path() + " " + a.status()).equals(key)).findFirst().orElseThrow();
          assertThat(e.contentType()).as(key + " content type").startsWith(answer.contentType());
          if (answer.contentType().equals("application/json")) {
            JsonNode body = ApiFixture.JSON.readTree(e.body());
            assertThat(spec.check(answer.schema(), body)).as(key + " body " + e.body()).isEmpty();
          }
        }
        assertThat(given).as("every documented answer was exercised").containsExactlyInAnyOrderElementsOf(documented);

        // Errors name what was wrong; the cancelled run ends cancelled through the engine.
        assertThat(body(exchanges, "/api/runs?state=sleeping")).contains("parameter state").contains("sleeping");
        assertThat(body(exchanges, "/api/runs/abc")).contains("parameter id");
        assertThat(body(exchanges, d + "/logs?limit=many")).contains("parameter limit");
        assertThat(body(exchanges, "/api/runs/999999")).contains("there is no run 999999");
        assertThat(body(exchanges, d + "/cancel")).contains("already finished");
        StoredRun cancelled = Eventually.await("the slow run to be cancelled", () -> server.store().run(running.id()).orElseThrow(),
            r -> r.state().equals(StoredRun.FINISHED));
        assertThat(cancelled.conclusion()).isEqualTo("cancelled");
        StoredRun rerun = Eventually.await("the re-run to finish", () -> server.store().runsOf("d-fast.rerun-1"),
            r -> r.size() == 1 && r.getFirst().state().equals(StoredRun.FINISHED)).getFirst();
        assertThat(rerun.conclusion()).isEqualTo("success");
        assertThat(rerun.workflowFile()).isEqualTo(done.workflowFile());
        assertThat(rerun.sha()).isEqualTo(done.sha());
        assertThat(ApiFixture.JSON.readTree(body(exchanges, d + "/rerun")).path("rerun").asLong()).isEqualTo(rerun.id());
        assertThat(rerun.id()).isNotEqualTo(done.id());

        HttpResponse<String> served = ApiFixture.call(port, "GET", "/api/openapi.yaml");
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).contains("/api/runs/{id}/logs/stream");
      }
    }
  }

  private static void exchange(List<Exchange> into, int port, String method, String template, String path) throws Exception {
    HttpResponse<String> r = ApiFixture.call(port, method, path);
    into.add(new Exchange(method, template, path, r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body()));
  }

  private static String body(List<Exchange> exchanges, String path) {
    return exchanges.stream().filter(e -> e.path().equals(path)).findFirst().orElseThrow().body();
  }
}

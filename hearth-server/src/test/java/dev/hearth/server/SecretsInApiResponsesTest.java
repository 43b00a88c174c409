package dev.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.server.config.GitHubSettings;
import dev.hearth.server.config.ServerConfig;
import dev.hearth.server.queue.HostWorkspaceReaper;
import dev.hearth.server.store.StoredRun;
import dev.hearth.testing.GitDaemon;
import dev.hearth.testing.SecretForms;
import dev.hearth.testing.WebhookClient;
import dev.hearth.testing.github.FakeGitHub;
import dev.hearth.testing.github.RecordedRequest;
import dev.hearth.vm.host.HostVmProvider;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never leave {@code hearth serve} through its API or its reports, however a workflow prints
 * them: plain, from a file, multi-line (line by line and joined), base64 at every offset, URL-encoded
 * (RFC 3986 and form), JSON-quoted; in log lines, step names, step summaries, annotations and
 * job outputs. Checked in every answer of the REST API for the run (the run, the list, jobs, steps,
 * the whole log, every one-chunk range of it, the live and the replayed event stream), the web page,
 * and every request the server made to the fake GitHub (check runs with their output and annotations).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SecretsInApiResponsesTest {
  static final String TOKEN = "t0p-S3cr3t~value*42 &x=y";
  static final String LINE_1 = "first-line-of-the-key";
  static final String LINE_2 = "second-line-of-the-key";


  @TempDir Path dir;

  /** Every form of every secret that must not be visible. */
  static List<String> forbidden() {
    List<String> out = new ArrayList<>(List.of(TOKEN, LINE_1, LINE_2, SecretForms.MASKED_AT_RUNTIME,
        // as JSON escapes it in an answer
        TOKEN.replace("&", "\\u0026"), "t0p-S3cr3t"));
    out.addAll(SecretForms.urlEncoded(TOKEN));
    for (String value : List.of(TOKEN, LINE_1, LINE_2)) out.addAll(SecretForms.base64AtEveryOffset(value));
    return out;
  }

  @Test
  void noSecretOrEncodingOfOneIsInAnyApiAnswerStreamPageOrReport() throws Exception {
    try (GitDaemon git = GitDaemon.start(dir.resolve("served"));
        FakeGitHub github = FakeGitHub.start();
        HostVmProvider provider = HostVmProvider.create(dir.resolve("data/vms"))) {
      GitDaemon.Repository repo = git.create("octo/leaks", "main");
      String sha = repo.file(".github/workflows/leak.yml", SecretForms.leakWorkflow()).commitAndPush();
      ServerConfig withApp = ApiFixture.config(dir.resolve("data"), git, github);
      ServerConfig config = new ServerConfig(withApp.listenHost(), 0, withApp.dataDir(), withApp.storeUrl(), "host", 2,
          withApp.webhookSecrets(), withApp.sourceBaseUrl(), null,
          Map.of("TOKEN", TOKEN, "MULTI", LINE_1 + "\n" + LINE_2), withApp.github());
      try (HearthServer server = HearthServer.start(config, HearthServer.Wiring.of(provider, new HostWorkspaceReaper(provider.root())))) {
        int port = server.port();
        assertThat(new WebhookClient(port).send("push", "d-leak", ApiFixture.push(repo, sha), ApiFixture.SECRET).statusCode())
            .isEqualTo(202);
        long runId = Eventually.await("the run to be queued", () -> server.store().runsOf("d-leak"), r -> !r.isEmpty())
            .getFirst().id();
        List<String> live = rawStream(port, "/api/runs/" + runId + "/logs/stream");
        StoredRun run = Eventually.await("the run to finish", () -> server.store().run(runId).orElseThrow(),
            r -> r.state().equals(StoredRun.FINISHED));
        Eventually.await("the live stream's end", () -> live, l -> l.stream().anyMatch(s -> s.startsWith("event: end")));
        github.await("the check runs completed", () -> github.checkRuns("octo", "leaks"),
            l -> l.size() == 2 && l.stream().allMatch(c -> c.current().status().equals("completed")), Duration.ofSeconds(60));

        List<String> answers = new ArrayList<>();
        answers.add(String.join("\n", live));
        for (String path : List.of("/api/runs", "/api/runs/" + runId, "/api/runs/" + runId + "/jobs", "/api/runs/" + runId + "/steps",
            "/api/runs/" + runId + "/logs", "/api/runs/" + runId + "/logs/stream", "/runs/" + runId, "/api/runs?state=finished")) {
          answers.add(path + ": " + ApiFixture.call(port, "GET", path).body());
        }
        int chunks = ApiFixture.get(port, "/api/runs/" + runId + "/logs").path("chunks").size();
        for (int i = 0; i < chunks; i++) {
          answers.add(ApiFixture.call(port, "GET", "/api/runs/" + runId + "/logs?offset=" + i + "&limit=1").body());
        }
        for (RecordedRequest r : github.requests()) answers.add("to GitHub " + r.method() + " " + r.path() + ": " + r.body());

        String all = String.join("\n", answers);
        assertThat(run.conclusion()).isEqualTo("failure");
        assertThat(all).as("the steps ran and printed").contains("env: ***", "file: ***", "later: ***", "summary with ***",
            "error with ***");
        for (String form : forbidden()) {
          for (String answer : answers) {
            assertThat(answer).as("an answer shows '%s'", form).doesNotContain(form);
          }
        }
      }
    }
  }

  /** Reads an event stream's raw lines on a virtual thread until it closes. */
  private static List<String> rawStream(int port, String path) throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    HttpResponse<Stream<String>> r = ApiFixture.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofLines());
    assertThat(r.statusCode()).isEqualTo(200);
    Thread.ofVirtual().start(() -> r.body().forEach(lines::add));
    return lines;
  }
}

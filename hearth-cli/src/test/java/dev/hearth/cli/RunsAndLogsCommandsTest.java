package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.server.HearthServer;
import dev.hearth.server.config.GitHubSettings;
import dev.hearth.server.config.ServerConfig;
import dev.hearth.server.queue.HostWorkspaceReaper;
import dev.hearth.server.store.StoredRun;
import dev.hearth.testing.GitDaemon;
import dev.hearth.testing.PushPayloads;
import dev.hearth.testing.WebhookClient;
import dev.hearth.vm.host.HostVmProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code hearth runs} and {@code hearth logs RUN [-f]} against a real {@code hearth serve} on loopback. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RunsAndLogsCommandsTest {
  static final String WORKFLOW = """
      name: ci
      on: push
      jobs:
        build:
          runs-on: ubuntu-latest
          steps:
            - run: |
                echo "first line"
                sleep 2
                echo "last line"
      """;

  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  static Result hearth(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void runsListsTheServersRunsAndLogsPrintsAndFollowsOne() throws Exception {
    try (GitDaemon git = GitDaemon.start(dir.resolve("served"));
        HostVmProvider provider = HostVmProvider.create(dir.resolve("data/vms"))) {
      GitDaemon.Repository repo = git.create("octo/cli", "main");
      String sha = repo.file(".github/workflows/ci.yml", WORKFLOW).commitAndPush();
      ServerConfig config = new ServerConfig("127.0.0.1", 0, dir.resolve("data"), "sqlite:" + dir.resolve("data/hearth.db"),
          "host", 2, List.of("s"), URI.create(git.baseUrl()), null, Map.of(), GitHubSettings.defaults());
      try (HearthServer server = HearthServer.start(config, HearthServer.Wiring.of(provider, new HostWorkspaceReaper(provider.root())))) {
        String url = "http://127.0.0.1:" + server.port();
        new WebhookClient(server.port()).send("push", "d-cli", PushPayloads.push(repo.fullName(),
            "https://github.com/octo/cli.git", "main", sha), "s");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (server.store().runsOf("d-cli").isEmpty()) {
          if (System.nanoTime() > deadline) throw new AssertionError("the run was never queued");
          Thread.sleep(20);
        }
        long id = server.store().runsOf("d-cli").getFirst().id();

        Result followed = hearth("logs", String.valueOf(id), "-f", "--server", url);
        assertThat(followed.out()).contains("first line").contains("last line").contains("run " + id + " finished: success");
        assertThat(followed.out().indexOf("first line")).isLessThan(followed.out().indexOf("last line"));
        assertThat(followed.code()).isZero();
        assertThat(server.store().run(id).orElseThrow().state()).isEqualTo(StoredRun.FINISHED);

        Result runs = hearth("runs", "--server", url);
        assertThat(runs.code()).isZero();
        assertThat(runs.out().lines().findFirst().orElseThrow())
            .contains("ID").contains("REPOSITORY").contains("WORKFLOW").contains("EVENT").contains("STATE")
            .contains("CONCLUSION").contains("STARTED").contains("DURATION");
        assertThat(runs.out()).contains("octo/cli").contains("ci").contains("push").contains("finished").contains("success");

        Result whole = hearth("logs", String.valueOf(id), "--server", url);
        assertThat(whole.code()).isZero();
        assertThat(whole.out()).contains("first line").contains("last line");

        Result unknown = hearth("logs", "9999", "--server", url);
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("hearth logs: there is no run 9999");

        Result badState = hearth("runs", "--state", "sleeping", "--server", url);
        assertThat(badState.code()).isEqualTo(1);
        assertThat(badState.err()).contains("parameter state");
      }
    }
  }

  @Test
  void runsSaysWhenNoServerAnswers() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Result r = hearth("runs", "--server", "http://127.0.0.1:" + port);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("cannot reach a Hearth server at http://127.0.0.1:" + port).contains("--server");
    Result bad = hearth("logs", "1", "--server", "not a url");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--server must be an http");
  }
}

package dev.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.server.queue.HostWorkspaceReaper;
import dev.hearth.server.store.StoredRun;
import dev.hearth.testing.GitDaemon;
import dev.hearth.testing.WebhookClient;
import dev.hearth.testing.github.FakeGitHub;
import dev.hearth.vm.host.HostVmProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web view in headless Chromium: a run's page, opened while the run executes, shows its status
 * change to success without a reload, with its job, steps, VM and the live log; the runs list shows
 * it. Screenshots go to {@code target/screenshots/}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WebPageInChromiumTest {
  /** The compile step holds until the test creates the file GATE (at most 2 minutes). */
  static final String WORKFLOW = """
      name: web
      on: push
      jobs:
        build:
          runs-on: ubuntu-latest
          steps:
            - name: compile
              run: |
                echo "compiling"
                for i in $(seq 1 1200); do [ -f "GATE" ] && break; sleep 0.1; done
                echo "compiled"
            - name: test
              run: echo "tests passed"
      """;

  @TempDir Path dir;

  @Test
  void runPageShowsTheRunFinishLiveWithoutReload() throws Exception {
    Path chromium = DevTools.program();
    Assumptions.assumeTrue(chromium != null, "chromium is not installed (Debian: apt-get install chromium); .ci/run installs it");
    try (GitDaemon git = GitDaemon.start(dir.resolve("served"));
        FakeGitHub github = FakeGitHub.start();
        HostVmProvider provider = HostVmProvider.create(dir.resolve("data/vms"))) {
      GitDaemon.Repository repo = git.create("octo/web", "main");
      Path gate = dir.resolve("gate");
      String sha = repo.file(".github/workflows/web.yml", WORKFLOW.replace("GATE", gate.toString())).commitAndPush();
      try (HearthServer server = HearthServer.start(ApiFixture.config(dir.resolve("data"), git, github),
          HearthServer.Wiring.of(provider, new HostWorkspaceReaper(provider.root())))) {
        int port = server.port();
        new WebhookClient(port).send("push", "d-web", ApiFixture.push(repo, sha), ApiFixture.SECRET);
        long runId = Eventually.await("the run to start", () -> server.store().runsOf("d-web"),
            r -> r.size() == 1 && r.getFirst().state().equals(StoredRun.RUNNING)).getFirst().id();
        Path profile = Files.createDirectories(dir.resolve("chromium/profile"));
        try (DevTools page = DevTools.open(chromium, profile, "http://127.0.0.1:" + port + "/runs/" + runId)) {
          Eventually.await("the page to load", () -> evaluate(page, "document.readyState"), "complete"::equals);
          evaluate(page, "window.hearthNoReload = 'still here'");
          Eventually.await("the page to show the run running", () -> evaluate(page, "document.getElementById('status').textContent"),
              "running"::equals);
          Eventually.await("the page to show the first line live", () -> evaluate(page, "document.getElementById('log').textContent"),
              s -> s != null && s.contains("compiling"));
          Files.writeString(gate, "go"); // the step holds until now, so the page saw it running
          List<String> seen = new ArrayList<>(List.of("running"));
          Eventually.await("the page's status to become success", () -> {
            String status = evaluate(page, "document.getElementById('status').textContent");
            seen.add(status);
            return status;
          }, "success"::equals);
          assertThat(DevTools.distinct(seen.stream().filter(s -> s != null && !s.isEmpty()).toList()))
              .as("statuses shown, in order").containsSubsequence("running", "success");
          assertThat(evaluate(page, "window.hearthNoReload")).isEqualTo("still here");
          Eventually.await("the log to end", () -> evaluate(page, "document.getElementById('log-state').textContent"),
              s -> s != null && s.startsWith("ended"));
          assertThat(evaluate(page, "document.getElementById('log').textContent"))
              .contains("compiling").contains("compiled").contains("tests passed");
          // the jobs panel updates from its own events: it may show the last step a moment after the log ended
          Eventually.await("the jobs panel to show every step", () -> evaluate(page, "document.getElementById('jobs').textContent"),
              s -> s != null && s.contains("build") && s.contains("compile") && s.contains("test"));
          assertThat(evaluate(page, "document.getElementById('vm').textContent")).contains("host");
          page.screenshot(Path.of("target/screenshots/run-page.png"));

          page.navigate("http://127.0.0.1:" + port + "/");
          String row = Eventually.await("the runs list to show the run",
              () -> evaluate(page, "(document.querySelector('#runs tbody tr[data-run=\"" + runId + "\"]') || {}).textContent"),
              s -> s != null && s.contains("success"));
          assertThat(row).contains("octo/web").contains("web").contains("push");
          page.screenshot(Path.of("target/screenshots/runs-page.png"));
        }
      }
    }
  }

  private static String evaluate(DevTools page, String expression) {
    try {
      return page.evaluate(expression);
    } catch (Exception e) {
      throw new AssertionError("evaluating " + expression + ": " + e, e);
    }
  }
}

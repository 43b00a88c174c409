package dev.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.store.StoredRun;
import dev.hearth.testing.GitDaemon;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@code pull_request} webhook starts, as on GitHub, the {@code pull_request} workflows at the
 * merge commit and the {@code pull_request_target} workflows at the last commit of the default branch
 * (GitHub's rule since 2025-12-08: workflow file, {@code GITHUB_SHA} and {@code GITHUB_REF} from the
 * default branch, whatever the base). A pull request that edits the {@code pull_request_target}
 * workflow does not get its edit run. GitHub's own {@code opened} payload, a real {@code git daemon}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PullRequestTargetTest {
  static final String SECRET = "prt-secret";
  static final String TRUSTED = """
      on: pull_request_target
      jobs:
        label:
          runs-on: ubuntu-latest
          steps:
            - run: echo "workflow=trusted sha=$GITHUB_SHA ref=$GITHUB_REF event=$GITHUB_EVENT_NAME marker=$(cat marker.txt)"
      """;
  static final String EDITED = """
      on: pull_request_target
      jobs:
        label:
          runs-on: ubuntu-latest
          steps:
            - run: echo "workflow=EDITED-BY-THE-PULL-REQUEST"
      """;
  static final String CI = """
      on: pull_request
      jobs:
        test:
          runs-on: ubuntu-latest
          steps:
            - run: echo "ci sha=$GITHUB_SHA base=$(git rev-parse origin/${{ github.base_ref }}) changed=$(git diff --name-only origin/${{ github.base_ref }}...HEAD | tr '\\n' ,)"
      """;

  @TempDir Path dir;

  @Test
  void pullRequestThatEditsItsTargetWorkflowStillRunsTheDefaultBranchsWorkflowAtItsLastCommit() throws Exception {
    try (GitDaemon git = GitDaemon.start(dir.resolve("served"))) {
      GitDaemon.Repository repo = git.create("octo/target", "main");
      String main = repo.file(".github/workflows/target.yml", TRUSTED).file("marker.txt", "main\n").commitAndPush();
      String release = repo.file("marker.txt", "release\n").commitAndPushTo("refs/heads/release");
      String head = repo.file(".github/workflows/target.yml", EDITED).file(".github/workflows/ci.yml", CI)
          .file("marker.txt", "head\n").commitAndPushTo("refs/pull/5/head");
      String merge = repo.file("marker.txt", "merge\n").commitAndPushTo("refs/pull/5/merge");

      try (ServeFixture s = ServeFixture.start(ServeFixture.config(dir.resolve("data"), "sqlite:" + dir.resolve("data/hearth.db"),
          git.baseUrl(), List.of(SECRET)))) {
        byte[] payload = opened(5, merge, head, "release", release);
        assertThat(s.client.send("pull_request", "d-pr", payload, SECRET).statusCode()).isEqualTo(202);

        StoredRun target = finished(s, "d-pr.pull_request_target");
        assertThat(target.event()).isEqualTo("pull_request_target");
        assertThat(target.workflowFile()).isEqualTo(".github/workflows/target.yml");
        assertThat(target.sha()).as("the default branch's last commit, not the head, merge or base").isEqualTo(main);
        String targetLog = logs(s, target);
        assertThat(targetLog).contains("workflow=trusted sha=" + main + " ref=refs/heads/main event=pull_request_target"
            + " marker=main");
        assertThat(targetLog).doesNotContain("EDITED-BY-THE-PULL-REQUEST");

        StoredRun ci = finished(s, "d-pr");
        assertThat(ci.event()).isEqualTo("pull_request");
        assertThat(ci.sha()).isEqualTo(merge);
        assertThat(logs(s, ci)).contains("ci sha=" + merge + " base=" + release
            + " changed=.github/workflows/ci.yml,.github/workflows/target.yml,marker.txt,");
        assertThat(s.store().runs()).as("one run each, nothing else").hasSize(2);
      }
    }
  }

  private static StoredRun finished(ServeFixture s, String delivery) throws Exception {
    List<StoredRun> runs = Eventually.await("the run of " + delivery + " to finish", () -> s.store().runsOf(delivery),
        l -> !l.isEmpty() && l.getFirst().state().equals(StoredRun.FINISHED));
    assertThat(runs).hasSize(1);
    assertThat(runs.getFirst().conclusion()).as(runs.getFirst().reason()).isEqualTo("success");
    return runs.getFirst();
  }

  private static String logs(ServeFixture s, StoredRun run) throws Exception {
    return String.join("\n", ApiFixture.get(s.server.port(), "/api/runs/" + run.id() + "/logs").path("chunks").findValuesAsText("text"));
  }

  /** GitHub's {@code pull_request} {@code opened} payload (octokit/webhooks) pointed at the served repository. */
  static byte[] opened(int number, String merge, String head, String base, String baseSha) throws Exception {
    ObjectNode p;
    try (InputStream in = PullRequestTargetTest.class.getResourceAsStream("/webhooks/pull_request/opened.payload.json")) {
      p = (ObjectNode) ApiFixture.JSON.readTree(in);
    }
    p.put("number", number);
    ObjectNode repository = (ObjectNode) p.get("repository");
    repository.put("full_name", "octo/target").put("name", "target").put("default_branch", "main")
        .put("clone_url", "https://github.com/octo/target.git");
    ObjectNode pr = (ObjectNode) p.get("pull_request");
    pr.put("number", number).put("mergeable", true).put("merge_commit_sha", merge);
    ObjectNode h = (ObjectNode) pr.get("head");
    h.put("ref", "feature").put("sha", head);
    h.set("repo", repository.deepCopy());
    ObjectNode b = (ObjectNode) pr.get("base");
    b.put("ref", base).put("sha", baseSha);
    b.set("repo", repository.deepCopy());
    return ApiFixture.JSON.writeValueAsBytes(p);
  }
}

package dev.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.store.StoredRun;
import dev.hearth.testing.GitDaemon;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code pull_request} runs as on GitHub at the merge commit of {@code refs/pull/N/merge}
 * ({@code GITHUB_SHA} the merge commit, {@code GITHUB_REF} the merge ref) when the payload says it is
 * mergeable, and at its head, with the reason logged, when it is not or when the merge ref is gone.
 * The repository is served by a real {@code git daemon} with {@code refs/pull/N/*} refs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PullRequestMergeRefTest {
  static final String SECRET = "pr-secret";
  static final String WORKFLOW = """
      on: pull_request
      jobs:
        show:
          runs-on: ubuntu-latest
          steps:
            - run: echo "sha=$GITHUB_SHA ref=$GITHUB_REF marker=$(cat marker.txt)"
      """;

  @TempDir Path dir;

  @Test
  void mergeablePullRequestRunsAtItsMergeCommitAndTheOthersAtTheirHeadWithTheReason() throws Exception {
    try (GitDaemon git = GitDaemon.start(dir.resolve("served"))) {
      GitDaemon.Repository repo = git.create("octo/pr", "main");
      repo.file(".github/workflows/ci.yml", WORKFLOW).file("marker.txt", "base\n").commitAndPush();
      String head7 = repo.file("marker.txt", "head-7\n").commitAndPushTo("refs/pull/7/head");
      String merge7 = repo.file("marker.txt", "merge-7\n").commitAndPushTo("refs/pull/7/merge");
      String head8 = repo.file("marker.txt", "head-8\n").commitAndPushTo("refs/pull/8/head");

      try (ServeFixture s = ServeFixture.start(ServeFixture.config(dir.resolve("data"), "sqlite:" + dir.resolve("data/hearth.db"),
              git.baseUrl(), List.of(SECRET)));
          LogCapture log = new LogCapture()) {
        StoredRun merged = run(s, "d-pr-merge", pullRequest(7, true, merge7, head7));
        assertThat(merged.sha()).isEqualTo(merge7);
        assertThat(logs(s, merged)).contains("sha=" + merge7 + " ref=refs/pull/7/merge marker=merge-7");

        StoredRun conflicted = run(s, "d-pr-conflict", pullRequest(7, false, null, head7));
        assertThat(conflicted.sha()).isEqualTo(head7);
        assertThat(logs(s, conflicted)).contains("sha=" + head7 + " ref=refs/pull/7/merge marker=head-7");
        assertThat(log.text()).contains("pull=7 runs at its head sha=" + head7 + ": it is not mergeable");

        // Said mergeable, but GitHub has no merge ref for it (any more): its head, and why.
        StoredRun noMergeRef = run(s, "d-pr-gone", pullRequest(8, true, null, head8));
        assertThat(noMergeRef.sha()).isEqualTo(head8);
        assertThat(logs(s, noMergeRef)).contains("marker=head-8");
        assertThat(log.text()).contains("ref=refs/pull/8/merge cannot be fetched").contains("running at sha=" + head8);
      }
    }
  }

  private static StoredRun run(ServeFixture s, String delivery, byte[] payload) throws Exception {
    assertThat(s.client.send("pull_request", delivery, payload, SECRET).statusCode()).isEqualTo(202);
    return Eventually.await("the run of " + delivery + " to finish", () -> s.store().runsOf(delivery),
        l -> !l.isEmpty() && l.getFirst().state().equals(StoredRun.FINISHED)).getFirst();
  }

  private static String logs(ServeFixture s, StoredRun run) throws Exception {
    return String.join("\n", ApiFixture.get(s.server.port(), "/api/runs/" + run.id() + "/logs").path("chunks").findValuesAsText("text"));
  }

  /** A pull_request payload shaped like GitHub's ({@code opened}), from a branch of the same repository. */
  static byte[] pullRequest(int number, boolean mergeable, String mergeCommit, String head) throws Exception {
    ObjectNode p = ApiFixture.JSON.createObjectNode().put("action", "opened").put("number", number);
    ObjectNode pr = p.putObject("pull_request").put("number", number).put("mergeable", mergeable)
        .put("merge_commit_sha", mergeCommit);
    pr.putObject("head").put("ref", "feature-" + number).put("sha", head).putObject("repo").put("full_name", "octo/pr");
    pr.putObject("base").put("ref", "main").putObject("repo").put("full_name", "octo/pr");
    p.putObject("repository").put("full_name", "octo/pr").put("clone_url", "https://github.com/octo/pr.git");
    p.putObject("sender").put("login", "octocat");
    return ApiFixture.JSON.writeValueAsBytes(p);
  }
}

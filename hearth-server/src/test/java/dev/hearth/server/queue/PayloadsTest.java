package dev.hearth.server.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.source.SourceRequest;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Where GitHub's {@code pull_request} payload ({@code opened}, octokit/webhooks) runs each event it starts. */
class PayloadsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void pullRequestTargetRunsAtTheDefaultBranchNeverAtTheHead() throws Exception {
    SourceRequest s = Payloads.source("pull_request_target", opened());

    assertThat(s.repository()).isEqualTo("Codertocat/Hello-World");
    assertThat(s.ref()).isEqualTo("refs/heads/master");
    assertThat(s.sha()).as("the branch's last commit, fetched when planned").isNull();
    assertThat(s.fallbackSha()).isNull();
    assertThat(s.pullNumber()).as("refs/pull/N/head is never fetched for it").isNull();
    assertThat(s.baseBranch()).isEqualTo("master");
  }

  @Test
  void pullRequestTargetWithoutADefaultBranchInThePayloadRunsAtTheBase() throws Exception {
    ObjectNode p = opened();
    ((ObjectNode) p.get("repository")).remove("default_branch");
    ((ObjectNode) p.get("pull_request").get("base")).put("ref", "release");

    assertThat(Payloads.source("pull_request_target", p).ref()).isEqualTo("refs/heads/release");
  }

  @Test
  void pullRequestAlsoStartsPullRequestTargetAndNothingElseDoes() throws Exception {
    assertThat(Payloads.companionEvent("pull_request")).isEqualTo("pull_request_target");
    for (String other : new String[] {"pull_request_target", "push", "workflow_dispatch"}) {
      assertThat(Payloads.companionEvent(other)).as(other).isNull();
    }
    SourceRequest pr = Payloads.source("pull_request", opened());
    assertThat(pr.sha()).isEqualTo("ec26c3e57ca3a959ca5aad62de7213c562f8c821");
    assertThat(pr.baseBranch()).isEqualTo("master");
  }

  private static ObjectNode opened() throws Exception {
    try (InputStream in = PayloadsTest.class.getResourceAsStream("/webhooks/pull_request/opened.payload.json")) {
      return (ObjectNode) JSON.readTree(in);
    }
  }
}

package dev.hearth.server.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.workflow.event.Event;
import dev.hearth.workflow.model.Workflow;
import dev.hearth.workflow.parse.WorkflowParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A workflow's {@code concurrency:} evaluated with the github and inputs contexts when its run is queued. */
class ConcurrencyGroupTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static Workflow workflow(String concurrency) {
    String yaml = "name: Deploy\non: [push, workflow_dispatch]\n" + concurrency
        + "jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: true\n";
    var parsed = new WorkflowParser().parse(".github/workflows/deploy.yml", yaml.getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.errors()).isEmpty();
    return parsed.workflow();
  }

  static Event push(String ref) throws Exception {
    return Event.fromPayload("push", JSON.readTree("{\"ref\":\"" + ref + "\",\"after\":\"" + "a".repeat(40)
        + "\",\"repository\":{\"full_name\":\"octo/hello\"},\"sender\":{\"login\":\"mona\"}}"));
  }

  @Test
  void theGroupExpressionSeesTheGithubContextAndIsComparedIgnoringCase() throws Exception {
    Workflow w = workflow("concurrency:\n  group: ${{ github.workflow }}-${{ github.ref_name }}\n  cancel-in-progress: true\n");
    assertThat(ConcurrencyGroup.of(w, push("refs/heads/Main"), "octo/hello", "a".repeat(40), "d1"))
        .isEqualTo(new ConcurrencyGroup.Resolved("deploy-main", true));
  }

  @Test
  void theShortFormNamesTheGroupWithoutCancellingAndNoConcurrencyMeansNoGroup() throws Exception {
    assertThat(ConcurrencyGroup.of(workflow("concurrency: prod\n"), push("refs/heads/main"), "octo/hello", "s", "d1"))
        .isEqualTo(new ConcurrencyGroup.Resolved("prod", false));
    assertThat(ConcurrencyGroup.of(workflow(""), push("refs/heads/main"), "octo/hello", "s", "d1")).isNull();
  }

  @Test
  void cancelInProgressMayBeAnExpressionAndInputsAreVisible() throws Exception {
    Workflow w = workflow("concurrency:\n  group: env-${{ inputs.target }}\n"
        + "  cancel-in-progress: ${{ github.event_name == 'workflow_dispatch' }}\n");
    Event dispatch = Event.fromPayload("workflow_dispatch", JSON.readTree("{\"ref\":\"refs/heads/main\",\"inputs\":{\"target\":\"staging\"}}"));
    assertThat(ConcurrencyGroup.of(w, dispatch, "octo/hello", "s", "d1")).isEqualTo(new ConcurrencyGroup.Resolved("env-staging", true));
  }

  @Test
  void anEmptyGroupIsAnErrorNamingTheFileAndPosition() {
    Workflow w = workflow("concurrency:\n  group: ${{ inputs.missing }}\n");
    assertThatThrownBy(() -> ConcurrencyGroup.of(w, push("refs/heads/main"), "octo/hello", "s", "d1"))
        .isInstanceOf(ConcurrencyGroup.Invalid.class)
        .hasMessage(".github/workflows/deploy.yml:4:10: concurrency.group: expected a non-empty group name, got ''");
  }
}

package dev.hearth.workflow.event;

import static dev.hearth.workflow.event.TriggersParserTest.parseClean;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Event#fromPayload} on webhook payloads as GitHub sends them (octokit/webhooks examples). */
class EventFromPayloadTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode payload(String resource) {
    try (InputStream in = EventFromPayloadTest.class.getResourceAsStream("/event/webhooks/" + resource)) {
      if (in == null) throw new AssertionError("no test resource " + resource);
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static Event event(String eventName, String resource) {
    return Event.fromPayload(eventName, payload(resource));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      push              | push/new-branch.json          | -           | refs/heads/master   | -
      push              | push/tag-deleted.json         | -           | refs/tags/simple-tag | -
      pull_request      | pull_request/opened.json      | opened      | refs/pull/2/merge   | master
      pull_request      | pull_request/synchronize.json | synchronize | refs/pull/2/merge   | master
      pull_request      | pull_request/closed.json      | closed      | refs/pull/2/merge   | master
      workflow_dispatch | workflow_dispatch/payload.json | -          | refs/heads/master   | -
      release           | release/published.json        | published   | refs/tags/0.0.1     | -
      create            | create/tag.json               | -           | refs/tags/simple-tag | -
      delete            | delete/tag.json               | -           | refs/heads/master   | -
      check_run         | check_run/completed.json      | completed   | refs/heads/master   | -
      """)
  void readsActionRefAndBaseRef(String name, String resource, String action, String ref, String base) {
    Event e = event(name, resource);
    assertThat(e.name()).isEqualTo(name);
    assertThat(e.action()).isEqualTo(Optional.ofNullable(action));
    assertThat(e.ref()).contains(ref);
    assertThat(e.baseRef()).isEqualTo(Optional.ofNullable(base));
    assertThat(e.changedFiles()).isEmpty();
  }

  @Test
  void mergedPullRequestRefIsTheBaseBranch() throws Exception {
    Event e = Event.fromPayload("pull_request", JSON.readTree(
        "{\"action\":\"closed\",\"number\":7,\"pull_request\":{\"merged\":true,\"base\":{\"ref\":\"main\"}}}"));
    assertThat(e.ref()).contains("refs/heads/main");
  }

  @Test
  void pullRequestTargetRunsOnTheDefaultBranchAndFiltersTheBase() throws Exception {
    Event e = Event.fromPayload("pull_request_target", JSON.readTree("{\"action\":\"opened\","
        + "\"number\":3,\"pull_request\":{\"base\":{\"ref\":\"release\"}},"
        + "\"repository\":{\"default_branch\":\"main\"}}"));
    assertThat(e.ref()).contains("refs/heads/main");
    assertThat(e.baseRef()).contains("release");
    assertThat(EventSelector.selects(parseClean("on: {pull_request_target: {branches: [release]}}\n"), e))
        .isTrue();
  }

  @Test
  void mergeGroupFiltersItsTargetBranch() throws Exception {
    Event e = Event.fromPayload("merge_group", JSON.readTree("{\"action\":\"checks_requested\","
        + "\"merge_group\":{\"head_ref\":\"refs/heads/gh-readonly-queue/main/pr-1-abc\","
        + "\"base_ref\":\"refs/heads/main\"}}"));
    assertThat(e.ref()).contains("refs/heads/gh-readonly-queue/main/pr-1-abc");
    assertThat(e.baseRef()).contains("main");
    assertThat(EventSelector.selects(parseClean("on: {merge_group: {branches: [main]}}\n"), e)).isTrue();
    assertThat(EventSelector.selects(parseClean("on: {merge_group: {branches-ignore: [main]}}\n"), e))
        .isFalse();
  }

  @Test
  void dispatchNamesItsWorkflowFile() {
    assertThat(event("workflow_dispatch", "workflow_dispatch/payload.json").dispatchedWorkflow())
        .contains(".github/workflows/hello-world-workflow.yml");
  }

  @Test
  void dispatchSelectsOnlyTheWorkflowFileItNames() {
    Triggers manual = parseClean("on: workflow_dispatch\n");
    Event e = event("workflow_dispatch", "workflow_dispatch/payload.json");
    assertThat(EventSelector.select(manual, e, ".github/workflows/hello-world-workflow.yml").selected())
        .isTrue();
    assertThat(EventSelector.select(manual, e, ".github/workflows/other.yml"))
        .isEqualTo(Selection.skipped("the dispatch is for '.github/workflows/hello-world-workflow.yml'"));
  }

  @Test
  void webhookPayloadsSelectWorkflowsAsGitHubWould() {
    Triggers branchesOnly = parseClean("on: {push: {branches: ['**']}}\n");
    Triggers tagsOnly = parseClean("on: {push: {tags: ['simple-*']}}\n");
    assertThat(EventSelector.selects(branchesOnly, event("push", "push/new-branch.json"))).isTrue();
    assertThat(EventSelector.selects(branchesOnly, event("push", "push/tag-deleted.json"))).isFalse();
    assertThat(EventSelector.selects(tagsOnly, event("push", "push/tag-deleted.json"))).isTrue();

    Triggers prToMaster = parseClean("on: {pull_request: {branches: [master]}}\n");
    assertThat(EventSelector.selects(prToMaster, event("pull_request", "pull_request/opened.json"))).isTrue();
    assertThat(EventSelector.selects(prToMaster, event("pull_request", "pull_request/reopened.json"))).isTrue();
    assertThat(EventSelector.selects(prToMaster, event("pull_request", "pull_request/labeled.json"))).isFalse();
    assertThat(EventSelector.selects(prToMaster, event("pull_request", "pull_request/closed.json"))).isFalse();
    Triggers prToMain = parseClean("on: {pull_request: {branches: [main]}}\n");
    assertThat(EventSelector.selects(prToMain, event("pull_request", "pull_request/opened.json"))).isFalse();

    Triggers published = parseClean("on: {release: {types: [published]}}\n");
    assertThat(EventSelector.selects(published, event("release", "release/published.json"))).isTrue();
    assertThat(EventSelector.selects(published, event("release", "release/created.json"))).isFalse();

    Triggers createAndDelete = parseClean("on: [create, delete]\n");
    assertThat(EventSelector.selects(createAndDelete, event("create", "create/tag.json"))).isTrue();
    assertThat(EventSelector.selects(createAndDelete, event("delete", "delete/tag.json"))).isTrue();
    assertThat(EventSelector.selects(createAndDelete, event("push", "push/new-branch.json"))).isFalse();
  }

  @Test
  void pathsOfAPushWithKnownChangesAreFiltered() {
    Triggers docs = parseClean("on: {push: {paths: ['docs/**']}}\n");
    Event push = event("push", "push/new-branch.json");
    assertThat(EventSelector.selects(docs, push.withChangedFiles(List.of("README.md")))).isFalse();
    assertThat(EventSelector.selects(docs, push.withChangedFiles(List.of("docs/a.md")))).isTrue();
  }
}

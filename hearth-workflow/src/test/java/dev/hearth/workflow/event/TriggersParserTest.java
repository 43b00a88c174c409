package dev.hearth.workflow.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.workflow.source.WorkflowError;
import dev.hearth.workflow.yaml.YamlLoader;
import dev.hearth.workflow.yaml.YamlMapping;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TriggersParserTest {

  /** Parses a workflow text's {@code on:}; the errors land in {@code errors}. */
  static Triggers parse(String yaml, List<WorkflowError> errors) {
    try {
      YamlMapping root = (YamlMapping) new YamlLoader().load("w.yml", yaml);
      return TriggersParser.parse(root.get("on").orElseThrow(), errors);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static Triggers parseClean(String yaml) {
    List<WorkflowError> errors = new ArrayList<>();
    Triggers t = parse(yaml, errors);
    assertThat(errors).isEmpty();
    return t;
  }

  static List<String> errors(String yaml) {
    List<WorkflowError> errors = new ArrayList<>();
    parse(yaml, errors);
    return errors.stream().sorted().map(WorkflowError::render).toList();
  }

  @Test
  void singleEventName() {
    assertThat(parseClean("on: push\n").eventNames()).containsExactly("push");
  }

  @Test
  void listOfEventNames() {
    assertThat(parseClean("on: [push, fork]\n").eventNames()).containsExactly("push", "fork");
  }

  @Test
  void mappingOfEventsKeepsWrittenOrder() {
    Triggers t = parseClean("on:\n  pull_request:\n  push:\n    branches: main\n  workflow_dispatch:\n");
    assertThat(t.eventNames()).containsExactly("pull_request", "push", "workflow_dispatch");
    assertThat(t.workflowDispatch()).isPresent();
    assertThat(t.event("push").orElseThrow().branches().orElseThrow().patterns())
        .extracting(FilterPattern::source).containsExactly("main");
  }

  @Test
  void typesAcceptASingleStringOrAList() {
    Triggers t = parseClean("on:\n  pull_request:\n    types: synchronize\n"
        + "  issues:\n    types: [opened, edited]\n");
    assertThat(t.event("pull_request").orElseThrow().types()).containsExactly("synchronize");
    assertThat(t.event("issues").orElseThrow().types()).containsExactly("opened", "edited");
  }

  @Test
  void ignoreFiltersAreMarkedIgnore() {
    Triggers t = parseClean("on:\n  push:\n    branches-ignore: ['feature/**']\n"
        + "    tags-ignore: v1*\n    paths-ignore: [docs/**]\n");
    EventTrigger push = t.event("push").orElseThrow();
    assertThat(push.branches().orElseThrow().ignore()).isTrue();
    assertThat(push.tags().orElseThrow().key()).isEqualTo("tags-ignore");
    assertThat(push.paths().orElseThrow().ignore()).isTrue();
  }

  @Test
  void workflowRunReadsWorkflowsTypesAndBranches() {
    EventTrigger run = parseClean("on:\n  workflow_run:\n    workflows: [Build, Lab]\n"
        + "    types: [completed]\n    branches: ['releases/**']\n").event("workflow_run").orElseThrow();
    assertThat(run.workflows()).containsExactly("Build", "Lab");
    assertThat(run.types()).containsExactly("completed");
    assertThat(run.branches()).isPresent();
  }

  @Test
  void everyEventOfGitHubsFullExampleParses() {
    // events-mapping-all from GitHub's workflow-parser conformance data, minus the pairs that
    // GitHub rejects when it runs the workflow (branches with branches-ignore, and so on)
    Triggers t = parseClean("""
        on:
          branch_protection_rule: {types: [created, edited, deleted]}
          check_run: {types: [created, completed, requested_action, rerequested]}
          check_suite: {types: [completed]}
          create:
          delete:
          deployment:
          deployment_status:
          discussion: {types: [created, category_changed, answered, unanswered]}
          discussion_comment: {types: [created, edited, deleted]}
          fork:
          gollum:
          image_version: {types: [ready], names: [one, two], versions: '1.*'}
          issue_comment: {types: [created, edited, deleted]}
          issues: {types: [opened, milestoned, demilestoned, field_added, field_removed]}
          label: {types: [created, edited, deleted]}
          merge_group: {branches: [master, main], types: [checks_requested]}
          milestone: {types: [created, closed, opened, edited, deleted]}
          page_build:
          project: {types: [created, closed, reopened, edited, deleted]}
          project_card: {types: [created, moved, converted, edited, deleted]}
          project_column: {types: [created, updated, moved, deleted]}
          public:
          pull_request: {branches: [master], paths: file, types: [opened, auto_merge_enabled, stacked]}
          pull_request_comment: {types: [created, edited, deleted]}
          pull_request_review: {types: [submitted, edited, dismissed]}
          pull_request_review_comment: {types: [created, edited, deleted]}
          pull_request_target: {branches-ignore: [develop], paths-ignore: 'file', types: [enqueued]}
          push: {branches: [master, 'main'], tags: [v1, 'v2'], paths: file}
          registry_package: {types: [published, updated]}
          release: {types: [published, unpublished, created, edited, deleted, prereleased, released]}
          repository_dispatch: {types: [custom-type]}
          schedule:
            - cron: "* * * * 5"
            - cron: "* * * * 6"
          status:
          watch: {types: started}
          workflow_call:
            inputs:
              foo: {type: string, description: 'Foo', required: true, default: 'bar'}
            secrets:
              password: {description: 'Password', required: true}
          workflow_dispatch:
          workflow_run: {workflows: ci, types: [requested, completed, in_progress], branches: [main]}
        """);
    assertThat(t.events()).hasSize(37);
    assertThat(t.schedules()).extracting(s -> s.cron().source()).containsExactly("* * * * 5", "* * * * 6");
    assertThat(t.workflowCall().orElseThrow().secrets()).extracting(WorkflowCall.Secret::name)
        .containsExactly("password");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown event with a close name | on: pushh                        | w.yml:1:5: unknown event 'pushh'; did you mean 'push'?
      event names are case-sensitive  | on: [Push]                       | w.yml:1:6: unknown event 'Push'; did you mean 'push'?
      unknown event far from any name | on: deploy_everything            | w.yml:1:5: unknown event 'deploy_everything'; expected an event GitHub sends, such as push, pull_request or workflow_dispatch
      event listed twice              | on: [push, push]                 | w.yml:1:12: event 'push' is listed more than once
      list item that is not a name    | on: [push, {pull_request: {}}]   | w.yml:1:12: an event in the list under 'on' must be an event name; got a mapping
      empty list                      | on: []                           | w.yml:1:5: 'on' names no events; expected at least one, e.g. 'on: push'
      a number                        | on: 5                            | w.yml:1:5: unknown event '5'; expected an event GitHub sends, such as push, pull_request or workflow_dispatch
      null                            | on:                              | w.yml:1:4: 'on' must be an event name, a list of event names or a mapping of events; got null
      """)
  void onItselfIsChecked(String behaviour, String yaml, String error) {
    assertThat(errors(yaml + "\n")).containsExactly(error);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      push does not take types                     | on:\\n  push:\\n    types: [opened]                                    | w.yml:3:5: unexpected key 'types' under 'push'; expected one of: branches, branches-ignore, paths, paths-ignore, tags, tags-ignore
      push does not take inputs                    | on:\\n  push:\\n    inputs:\\n      name:\\n        type: string        | w.yml:3:5: unexpected key 'inputs' under 'push'; expected one of: branches, branches-ignore, paths, paths-ignore, tags, tags-ignore
      misspelt filter gets a suggestion            | on:\\n  push:\\n    branch: main                                       | w.yml:3:5: unexpected key 'branch' under 'push'; did you mean 'branches'?
      pull_request does not take tags              | on:\\n  pull_request:\\n    tags: [v1]                                 | w.yml:3:5: unexpected key 'tags' under 'pull_request'; expected one of: branches, branches-ignore, paths, paths-ignore, types
      create takes no settings                     | on:\\n  create:\\n    types: [tag]                                     | w.yml:3:5: unexpected key 'types' under 'create'; it takes no settings
      issues does not take branches                | on:\\n  issues:\\n    branches: [main]                                 | w.yml:3:5: unexpected key 'branches' under 'issues'; expected one of: types
      workflow_dispatch unknown key                | on:\\n  workflow_dispatch:\\n    unknown_value: test                    | w.yml:3:5: unexpected key 'unknown_value' under 'workflow_dispatch'; expected one of: inputs
      event value of the wrong kind                | on:\\n  push: main                                                     | w.yml:2:9: 'push' takes a mapping of its settings or nothing; got 'main'
      branches with branches-ignore                | on:\\n  push:\\n    branches: [main]\\n    branches-ignore: [dev]           | w.yml:4:5: 'branches' and 'branches-ignore' cannot both be set for 'push'; to include and exclude, use 'branches' with '!' patterns
      tags-ignore before tags                      | on:\\n  push:\\n    tags-ignore: [v0*]\\n    tags: [v1*]                      | w.yml:4:5: 'tags' and 'tags-ignore' cannot both be set for 'push'; to include and exclude, use 'tags' with '!' patterns
      paths with paths-ignore                      | on:\\n  pull_request:\\n    paths: [src/**]\\n    paths-ignore: [docs/**] | w.yml:4:5: 'paths' and 'paths-ignore' cannot both be set for 'pull_request'; to include and exclude, use 'paths' with '!' patterns
      create with a value                          | on:\\n  create: [tag]                                                  | w.yml:2:11: 'create' takes no settings; got a sequence
      unknown activity type with a suggestion      | on:\\n  pull_request:\\n    types: [open]                              | w.yml:3:13: unknown activity type 'open' for 'pull_request'; did you mean 'opened'?
      unknown activity type lists the known ones   | on:\\n  release:\\n    types: [shipped]                                | w.yml:3:13: unknown activity type 'shipped' for 'release'; expected one of: published, unpublished, created, edited, deleted, prereleased, released
      types of the wrong kind                      | on:\\n  issues:\\n    types: {opened: true}                            | w.yml:3:12: 'types' under 'issues' must be a string or a list of strings; got a mapping
      empty pattern                                | on:\\n  push:\\n    branches: ['']                                     | w.yml:3:16: 'branches' under 'push' has an empty string
      invalid pattern                              | on:\\n  push:\\n    tags: ['v[]']                                      | w.yml:3:12: invalid pattern 'v[]' in 'tags' under 'push': '[]' is empty; list characters or ranges in it
      """)
  void eventSettingsAreChecked(String behaviour, String yaml, String error) {
    assertThat(errors(yaml.replace("\\n", "\n") + "\n")).containsExactly(error);
  }

  @Test
  void allErrorsAreCollected() {
    assertThat(errors("on:\n  pushh:\n  pull_request:\n    types: [open]\n  schedule:\n"
        + "    - cron: '61 * * * *'\n")).containsExactly(
        "w.yml:2:3: unknown event 'pushh'; did you mean 'push'?",
        "w.yml:4:13: unknown activity type 'open' for 'pull_request'; did you mean 'opened'?",
        "w.yml:6:13: invalid cron '61 * * * *': minute '61' is out of range; expected 0-59");
  }
}

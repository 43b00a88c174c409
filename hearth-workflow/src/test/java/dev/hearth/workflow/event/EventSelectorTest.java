package dev.hearth.workflow.event;

import static dev.hearth.workflow.event.TriggersParserTest.parseClean;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventSelectorTest {

  static Event push(String ref, String... files) {
    Event e = new Event("push", Optional.empty(), Optional.of(ref), Optional.empty(), Optional.empty(),
        MissingNode.getInstance());
    return files.length == 0 ? e : e.withChangedFiles(List.of(files));
  }

  static Event pushChanging(String ref, List<String> files) {
    return push(ref).withChangedFiles(files);
  }

  static Event pr(String event, String action, String base, String... files) {
    Event e = new Event(event, Optional.of(action), Optional.of("refs/pull/1/merge"),
        Optional.of(base), Optional.empty(), MissingNode.getInstance());
    return files.length == 0 ? e : e.withChangedFiles(List.of(files));
  }

  static Event action(String event, String action) {
    return new Event(event, Optional.of(action), Optional.empty(), Optional.empty(), Optional.empty(),
        MissingNode.getInstance());
  }

  private static Arguments row(String behaviour, String on, Event event, boolean selected) {
    return argumentSet(behaviour, on, event, selected);
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        row("eventNotListedIsNotSelected", "on: pull_request", push("refs/heads/main"), false),
        row("pushWithoutFiltersRunsForBranches", "on: push", push("refs/heads/any/thing"), true),
        row("pushWithoutFiltersRunsForTags", "on: push", push("refs/tags/v1"), true),
        row("branchesSelectsMatchingBranch", "on: {push: {branches: [main, 'releases/**']}}",
            push("refs/heads/releases/1/2"), true),
        row("branchesSkipsOtherBranch", "on: {push: {branches: [main]}}", push("refs/heads/dev"), false),
        row("branchesIgnoreSkipsMatchingBranch", "on: {push: {branches-ignore: ['mona/octocat']}}",
            push("refs/heads/mona/octocat"), false),
        row("branchesIgnoreRunsOtherBranches", "on: {push: {branches-ignore: ['mona/octocat']}}",
            push("refs/heads/main"), true),
        row("negatedBranchExcludesAfterInclude",
            "on: {push: {branches: ['releases/**', '!releases/**-alpha']}}",
            push("refs/heads/releases/beta/3-alpha"), false),
        row("onlyBranchFiltersSkipTagPushes", "on: {push: {branches: ['**']}}", push("refs/tags/v1"), false),
        row("onlyBranchesIgnoreSkipsTagPushes", "on: {push: {branches-ignore: [dev]}}",
            push("refs/tags/v1"), false),
        row("onlyTagFiltersSkipBranchPushes", "on: {push: {tags: ['v*']}}", push("refs/heads/main"), false),
        row("tagsSelectMatchingTag", "on: {push: {tags: [v2, 'v1.*']}}", push("refs/tags/v1.9"), true),
        row("tagsIgnoreSkipsMatchingTag", "on: {push: {tags-ignore: ['v1.*']}}", push("refs/tags/v1.2"), false),
        row("branchesAndTagsRunBranchByBranches", "on: {push: {branches: [main], tags: ['v*']}}",
            push("refs/heads/main"), true),
        row("branchesAndTagsRunTagByTags", "on: {push: {branches: [main], tags: ['v*']}}",
            push("refs/tags/v3"), true),
        row("branchesAndTagsSkipUnmatchedTag", "on: {push: {branches: [main], tags: ['v*']}}",
            push("refs/tags/nightly"), false),
        row("pathsRunWhenAnyFileMatches", "on: {push: {paths: ['**.js']}}",
            push("refs/heads/main", "README.md", "src/app.js"), true),
        row("pathsSkipWhenNoFileMatches", "on: {push: {paths: ['**.js']}}",
            push("refs/heads/main", "README.md"), false),
        row("pathsSkipWhenNoFileChanged", "on: {push: {paths: ['**']}}",
            pushChanging("refs/heads/main", List.of()), false),
        row("pathsPassWhenChangedFilesAreUnknown", "on: {push: {paths: ['**.js']}}",
            push("refs/heads/main"), true),
        row("pathsIgnoreSkipsWhenAllFilesIgnored", "on: {push: {paths-ignore: ['docs/**']}}",
            push("refs/heads/main", "docs/a.md", "docs/b.md"), false),
        row("pathsIgnoreRunsWhenSomeFileIsNotIgnored", "on: {push: {paths-ignore: ['docs/**']}}",
            push("refs/heads/main", "docs/a.md", "src/b.c"), true),
        row("pathsAreNotEvaluatedForTagPushes", "on: {push: {tags: ['v*'], paths: ['src/**']}}",
            push("refs/tags/v1", "README.md"), true),
        row("pathsOnlyStillRunForTagPushes", "on: {push: {paths: ['src/**']}}",
            push("refs/tags/v1", "README.md"), true),
        row("branchesAndPathsMustBothPass", "on: {push: {branches: ['releases/**'], paths: ['**.js']}}",
            push("refs/heads/releases/1", "README.md"), false),
        row("pathsWithNegationReincludeLater", "on: {push: {paths: ['sub/**', '!sub/docs/**']}}",
            push("refs/heads/main", "sub/docs/a.md"), false),
        row("pullRequestRunsOnDefaultTypes", "on: pull_request", pr("pull_request", "synchronize", "main"), true),
        row("pullRequestSkipsTypesOutsideTheDefaults", "on: pull_request",
            pr("pull_request", "labeled", "main"), false),
        row("pullRequestTypesReplaceTheDefaults", "on: {pull_request: {types: [labeled]}}",
            pr("pull_request", "opened", "main"), false),
        row("pullRequestTypesSelectListedAction", "on: {pull_request: {types: [labeled]}}",
            pr("pull_request", "labeled", "main"), true),
        row("pullRequestTargetHasTheSameDefaults", "on: pull_request_target",
            pr("pull_request_target", "closed", "main"), false),
        row("pullRequestBranchesMatchTheBaseBranch", "on: {pull_request: {branches: ['releases/**']}}",
            pr("pull_request", "opened", "releases/2"), true),
        row("pullRequestBranchesSkipOtherBaseBranches", "on: {pull_request: {branches: ['releases/**']}}",
            pr("pull_request", "opened", "main"), false),
        row("pullRequestBranchesIgnoreSkipsBaseBranch", "on: {pull_request: {branches-ignore: [main]}}",
            pr("pull_request", "opened", "main"), false),
        row("pullRequestPathsMustMatch", "on: {pull_request: {paths: ['**.js']}}",
            pr("pull_request", "opened", "main", "docs/x.md"), false),
        row("releaseRunsOnEveryTypeByDefault", "on: release", action("release", "edited"), true),
        row("releaseTypesFilterActions", "on: {release: {types: [published]}}",
            action("release", "created"), false),
        row("issuesTypesSelectListedAction", "on: {issues: {types: [opened, edited]}}",
            action("issues", "edited"), true),
        row("repositoryDispatchTypesMatchEventType", "on: {repository_dispatch: {types: [deploy]}}",
            action("repository_dispatch", "deploy"), true),
        row("repositoryDispatchSkipsOtherEventTypes", "on: {repository_dispatch: {types: [deploy]}}",
            action("repository_dispatch", "test"), false),
        row("workflowDispatchIsSelectedByName", "on: [push, workflow_dispatch]",
            Event.named("workflow_dispatch"), true),
        row("scheduleIsSelectedByName", "on: {schedule: [{cron: '0 0 * * *'}]}", Event.named("schedule"), true));
  }

  @ParameterizedTest
  @MethodSource("rows")
  void selection(String on, Event event, boolean selected) {
    Selection s = EventSelector.select(parseClean(on + "\n"), event);
    assertThat(s.selected()).as(s.reason()).isEqualTo(selected);
  }

  @Test
  void workflowRunMatchesTriggeringWorkflowNameAndBranch() throws Exception {
    Triggers t = parseClean("on:\n  workflow_run:\n    workflows: [Build]\n    types: [completed]\n"
        + "    branches: ['releases/**']\n");
    ObjectMapper json = new ObjectMapper();
    Event build = Event.fromPayload("workflow_run", json.readTree(
        "{\"action\":\"completed\",\"workflow_run\":{\"name\":\"Build\",\"head_branch\":\"releases/1\"}}"));
    Event other = Event.fromPayload("workflow_run", json.readTree(
        "{\"action\":\"completed\",\"workflow_run\":{\"name\":\"Lint\",\"head_branch\":\"releases/1\"}}"));
    Event canary = Event.fromPayload("workflow_run", json.readTree(
        "{\"action\":\"completed\",\"workflow_run\":{\"name\":\"Build\",\"head_branch\":\"canary\"}}"));
    Event requested = Event.fromPayload("workflow_run", json.readTree(
        "{\"action\":\"requested\",\"workflow_run\":{\"name\":\"Build\",\"head_branch\":\"releases/1\"}}"));
    assertThat(EventSelector.selects(t, build)).isTrue();
    assertThat(EventSelector.selects(t, other)).isFalse();
    assertThat(EventSelector.selects(t, canary)).isFalse();
    assertThat(EventSelector.selects(t, requested)).isFalse();
  }

  @Test
  void skippedSelectionSaysWhy() {
    Selection s = EventSelector.select(parseClean("on: {push: {branches: [main]}}\n"),
        push("refs/heads/dev"));
    assertThat(s).isEqualTo(Selection.skipped("branch 'dev' is not matched by 'branches'"));
    assertThat(EventSelector.select(parseClean("on: pull_request\n"), pr("pull_request", "closed", "main"))
        .reason()).isEqualTo("activity type 'closed' is not in the default types [opened, synchronize, reopened]");
  }
}

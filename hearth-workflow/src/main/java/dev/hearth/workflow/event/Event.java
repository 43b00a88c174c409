package dev.hearth.workflow.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An event that may start workflows: what {@code X-GitHub-Event} names and what its payload says.
 *
 * @param name the event name ({@code push}, {@code pull_request}, …)
 * @param action the payload's {@code action}: the activity type that {@code types} filters
 * @param ref the full ref the run is for, as {@code GITHUB_REF} would be ({@code refs/heads/main},
 *     {@code refs/tags/v1}, {@code refs/pull/2/merge}); for {@code push} it is what branch and tag
 *     filters match
 * @param baseRef the target branch's name for pull requests and merge groups ({@code main}), as
 *     {@code GITHUB_BASE_REF}; branch filters of those events match it
 * @param changedFiles the paths the event changes, when known; unknown means path filters pass, as
 *     GitHub runs the workflow when it cannot compute the diff
 * @param payload the whole payload, as {@code github.event}
 */
public record Event(String name, Optional<String> action, Optional<String> ref, Optional<String> baseRef,
    Optional<List<String>> changedFiles, JsonNode payload) {

  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

  public Event {
    changedFiles = changedFiles.map(List::copyOf);
  }

  /** An event with only a name (and an empty payload), e.g. for {@code hearth run --event schedule}. */
  public static Event named(String name) {
    return new Event(name, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        MissingNode.getInstance());
  }

  /**
   * Reads the action, ref and base ref GitHub derives from a webhook payload of {@code eventName}.
   * Events that GitHub runs on the default branch get {@code refs/heads/<default_branch>}. Changed
   * files are left unknown: they come from a diff of the repository, not from the payload (see
   * {@link #withChangedFiles}).
   */
  public static Event fromPayload(String eventName, JsonNode payload) {
    Optional<String> action = text(payload.path("action"));
    Optional<String> base = Optional.empty();
    Optional<String> ref = switch (eventName) {
      case "push", "workflow_dispatch" -> text(payload.path("ref"));
      case "create" -> createdRef(payload);
      case "release" -> text(payload.path("release").path("tag_name")).map(t -> "refs/tags/" + t);
      case "pull_request", "pull_request_review", "pull_request_review_comment" -> pullRequestRef(payload);
      case "merge_group" -> text(payload.path("merge_group").path("head_ref"));
      case "deployment", "deployment_status" -> deploymentRef(payload);
      default -> defaultBranch(payload);
    };
    if (eventName.startsWith("pull_request")) {
      base = text(payload.path("pull_request").path("base").path("ref"));
    } else if (eventName.equals("merge_group")) {
      base = text(payload.path("merge_group").path("base_ref")).map(Event::branchName);
    }
    return new Event(eventName, action, ref, base, Optional.empty(), payload);
  }

  /** This event with the paths it changes (from a diff of the repository). */
  public Event withChangedFiles(List<String> files) {
    return new Event(name, action, ref, baseRef, Optional.of(files), payload);
  }

  /** The workflow file a {@code workflow_dispatch} names; only that workflow runs. */
  public Optional<String> dispatchedWorkflow() {
    return name.equals("workflow_dispatch") ? text(payload.path("workflow")) : Optional.empty();
  }

  private static Optional<String> createdRef(JsonNode payload) {
    Optional<String> ref = text(payload.path("ref"));
    String prefix = "tag".equals(payload.path("ref_type").asText()) ? "refs/tags/" : "refs/heads/";
    return ref.map(r -> r.startsWith("refs/") ? r : prefix + r);
  }

  private static Optional<String> pullRequestRef(JsonNode payload) {
    JsonNode pr = payload.path("pull_request");
    if ("closed".equals(payload.path("action").asText()) && pr.path("merged").asBoolean(false)) {
      return text(pr.path("base").path("ref")).map(b -> "refs/heads/" + b);
    }
    JsonNode number = payload.has("number") ? payload.get("number") : pr.path("number");
    return number.canConvertToInt() && !number.isMissingNode()
        ? Optional.of("refs/pull/" + number.asInt() + "/merge") : Optional.empty();
  }

  private static Optional<String> deploymentRef(JsonNode payload) {
    return text(payload.path("deployment").path("ref"))
        .filter(r -> !SHA.matcher(r).matches())
        .map(r -> r.startsWith("refs/") ? r : "refs/heads/" + r);
  }

  private static Optional<String> defaultBranch(JsonNode payload) {
    JsonNode repo = payload.path("repository");
    return text(repo.path("default_branch")).or(() -> text(repo.path("master_branch")))
        .or(() -> text(payload.path("master_branch"))).map(b -> "refs/heads/" + b);
  }

  private static String branchName(String ref) {
    return ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref;
  }

  private static Optional<String> text(JsonNode node) {
    return node.isTextual() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
  }
}

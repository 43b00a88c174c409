package dev.hearth.server.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.server.source.SourceRequest;

/** What a webhook payload says about the commit to run at and where it comes from. */
final class Payloads {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Payloads.class);
  private Payloads() {}

  /** The commit (or ref) of {@code event}'s payload and its repository. */
  static SourceRequest source(String event, JsonNode payload) {
    JsonNode repo = payload.path("repository");
    String fullName = text(repo.path("full_name"));
    String cloneUrl = text(repo.path("clone_url"));
    return switch (event) {
      case "pull_request" -> pullRequest(fullName, cloneUrl, payload.path("pull_request"));
      case "pull_request_target" -> pullRequestTarget(fullName, cloneUrl, payload);
      case "push" -> new SourceRequest(fullName, cloneUrl, text(payload.path("after")), text(payload.path("ref")), null,
          text(payload.path("before")));
      default -> new SourceRequest(fullName, cloneUrl, null, text(payload.path("ref")), null, null);
    };
  }

  /**
   * A {@code pull_request} runs, as on GitHub, at the merge commit of {@code refs/pull/N/merge} when
   * the payload says the pull request is mergeable, falling back to its head when that ref cannot be
   * fetched; at its head when it is not mergeable (or GitHub has not decided yet), with the reason logged.
   */
  private static SourceRequest pullRequest(String fullName, String cloneUrl, JsonNode pr) {
    Integer number = pr.path("number").isInt() ? pr.path("number").asInt() : null;
    String head = text(pr.path("head").path("sha"));
    String base = text(pr.path("base").path("ref"));
    JsonNode mergeable = pr.path("mergeable");
    if (number != null && mergeable.isBoolean() && mergeable.booleanValue()) {
      return new SourceRequest(fullName, cloneUrl, text(pr.path("merge_commit_sha")), "refs/pull/" + number + "/merge",
          number, null, head, base);
    }
    LOG.info("repository={} pull={} runs at its head sha={}: {}", fullName, number, head,
        number == null ? "the payload has no pull_request.number"
            : mergeable.isBoolean() ? "it is not mergeable (mergeable: false)"
            : "GitHub has not computed whether it is mergeable yet (mergeable: null)");
    return new SourceRequest(fullName, cloneUrl, head, null, number, null, null, base);
  }

  /**
   * A {@code pull_request_target} runs, as on GitHub since 2025-12-08, at the last commit of the
   * repository's default branch ({@code refs/heads/<default_branch>}, fetched now, whatever the pull
   * request's base): the workflow that runs is the default branch's, so a pull request cannot change
   * it, and {@code GITHUB_SHA}/{@code GITHUB_REF} are that commit and branch. Never at the pull
   * request's head. (Before that date GitHub took the base branch; a payload without
   * {@code repository.default_branch} still gets that.) The base branch is fetched too, as {@code origin/<base>}.
   */
  private static SourceRequest pullRequestTarget(String fullName, String cloneUrl, JsonNode payload) {
    String base = text(payload.path("pull_request").path("base").path("ref"));
    String branch = text(payload.path("repository").path("default_branch"));
    if (branch == null) branch = base;
    return new SourceRequest(fullName, cloneUrl, null, branch == null ? null : "refs/heads/" + branch, null, null, null, base);
  }

  /**
   * The event a {@code pull_request} delivery also starts on GitHub: {@code pull_request_target}, for
   * the same activity and payload (GitHub sends no webhook of that name), or null for other events.
   */
  static String companionEvent(String event) {
    return event.equals("pull_request") ? "pull_request_target" : null;
  }

  /** Whether the event comes from a pull request whose head is in another repository (a fork). */
  static boolean fromFork(String event, JsonNode payload) {
    if (!event.startsWith("pull_request")) return false;
    JsonNode pr = payload.path("pull_request");
    String head = text(pr.path("head").path("repo").path("full_name"));
    String base = text(pr.path("base").path("repo").path("full_name"));
    return head == null || !head.equals(base);
  }

  /** Why the event runs nothing whatever the workflows say (a deleted branch), or null. */
  static String nothingToRun(String event, JsonNode payload) {
    if (event.equals("push") && payload.path("deleted").asBoolean(false)) return "the push deleted " + text(payload.path("ref"));
    return null;
  }

  static String text(JsonNode node) {
    return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
  }
}

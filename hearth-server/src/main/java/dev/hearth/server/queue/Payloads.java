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
      case "pull_request_target" -> {
        JsonNode pr = payload.path("pull_request");
        yield new SourceRequest(fullName, cloneUrl, text(pr.path("head").path("sha")), null,
            pr.path("number").isInt() ? pr.path("number").asInt() : null, null);
      }
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
    JsonNode mergeable = pr.path("mergeable");
    if (number != null && mergeable.isBoolean() && mergeable.booleanValue()) {
      return new SourceRequest(fullName, cloneUrl, text(pr.path("merge_commit_sha")), "refs/pull/" + number + "/merge",
          number, null, head);
    }
    LOG.info("repository={} pull={} runs at its head sha={}: {}", fullName, number, head,
        number == null ? "the payload has no pull_request.number"
            : mergeable.isBoolean() ? "it is not mergeable (mergeable: false)"
            : "GitHub has not computed whether it is mergeable yet (mergeable: null)");
    return new SourceRequest(fullName, cloneUrl, head, null, number, null);
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

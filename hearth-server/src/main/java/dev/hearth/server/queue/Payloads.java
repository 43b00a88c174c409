package dev.hearth.server.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.server.source.SourceRequest;

/** What a webhook payload says about the commit to run at and where it comes from. */
final class Payloads {
  private Payloads() {}

  /** The commit (or ref) of {@code event}'s payload and its repository. */
  static SourceRequest source(String event, JsonNode payload) {
    JsonNode repo = payload.path("repository");
    String fullName = text(repo.path("full_name"));
    String cloneUrl = text(repo.path("clone_url"));
    return switch (event) {
      case "pull_request", "pull_request_target" -> {
        JsonNode pr = payload.path("pull_request");
        yield new SourceRequest(fullName, cloneUrl, text(pr.path("head").path("sha")), null,
            pr.path("number").isInt() ? pr.path("number").asInt() : null, null);
      }
      case "push" -> new SourceRequest(fullName, cloneUrl, text(payload.path("after")), text(payload.path("ref")), null,
          text(payload.path("before")));
      default -> new SourceRequest(fullName, cloneUrl, null, text(payload.path("ref")), null, null);
    };
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

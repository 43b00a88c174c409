package dev.hearth.server.github;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Objects;

/**
 * A commit status as {@code POST /repos/{owner}/{repo}/statuses/{sha}} takes it. GitHub refuses a
 * description over {@value #MAX_DESCRIPTION} characters, so a longer one is cut.
 */
public record CommitStatus(State state, String context, String description, String targetUrl) {
  static final int MAX_DESCRIPTION = 140;

  /** GitHub's commit status {@code state}. */
  public enum State {
    PENDING, SUCCESS, FAILURE, ERROR;

    public String githubName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public CommitStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(context, "context");
    description = description == null ? null : Text.truncate(description, MAX_DESCRIPTION, "…");
  }

  ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("state", state.githubName());
    if (targetUrl != null) n.put("target_url", targetUrl);
    if (description != null) n.put("description", description);
    n.put("context", context);
    return n;
  }
}

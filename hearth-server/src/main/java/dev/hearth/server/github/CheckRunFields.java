package dev.hearth.server.github;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The fields Hearth sets on a check run when creating or updating it; null fields are left out of
 * the request (so GitHub keeps what it has). {@code headSha} is only sent on create.
 */
public record CheckRunFields(String name, String headSha, Status status, Conclusion conclusion, Instant startedAt,
    Instant completedAt, String detailsUrl, String externalId, CheckRunOutput output) {

  /** GitHub's check run {@code status} values that Hearth uses. */
  public enum Status {
    QUEUED, IN_PROGRESS, COMPLETED;

    public String githubName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** GitHub's check run {@code conclusion} values. */
  public enum Conclusion {
    SUCCESS, FAILURE, NEUTRAL, CANCELLED, SKIPPED, TIMED_OUT, ACTION_REQUIRED;

    public String githubName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Only a status. */
  public static CheckRunFields status(Status status) {
    return new CheckRunFields(null, null, status, null, null, null, null, null, null);
  }

  CheckRunFields withOutput(CheckRunOutput newOutput) {
    return new CheckRunFields(name, headSha, status, conclusion, startedAt, completedAt, detailsUrl, externalId, newOutput);
  }

  /** Only the output (for sending further annotations). */
  static CheckRunFields outputOnly(CheckRunOutput output) {
    return new CheckRunFields(null, null, null, null, null, null, null, null, output);
  }

  ObjectNode toJson(boolean create) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    if (name != null) n.put("name", name);
    if (create && headSha != null) n.put("head_sha", headSha);
    if (detailsUrl != null) n.put("details_url", detailsUrl);
    if (externalId != null) n.put("external_id", externalId);
    if (status != null) n.put("status", status.githubName());
    if (conclusion != null) n.put("conclusion", conclusion.githubName());
    if (startedAt != null) n.put("started_at", iso(startedAt));
    if (completedAt != null) n.put("completed_at", iso(completedAt));
    if (output != null) n.set("output", output.toJson());
    return n;
  }

  /** ISO 8601 in UTC to the second, as GitHub writes times ({@code YYYY-MM-DDTHH:MM:SSZ}). */
  static String iso(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}

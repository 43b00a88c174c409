package dev.hearth.testing.github;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * What GitHub's "Create a check run" and "Update a check run" accept: {@code name} and {@code
 * head_sha} on create; {@code status} and {@code conclusion} from their documented values, a
 * {@code conclusion} once {@code completed}; {@code output} with {@code title} and {@code summary},
 * summary and text at most 65,535 characters, at most 50 annotations, each with {@code path},
 * {@code start_line}, {@code end_line}, {@code annotation_level} and {@code message}, columns only
 * on one line; times in ISO 8601.
 */
final class CheckRunRules {
  static final Set<String> STATUSES = Set.of("queued", "in_progress", "completed", "waiting", "requested", "pending");
  static final Set<String> CONCLUSIONS =
      Set.of("action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out");
  static final Set<String> LEVELS = Set.of("notice", "warning", "failure");
  static final int MAX_MARKDOWN = 65_535;
  static final int MAX_ANNOTATIONS = 50;

  private CheckRunRules() {}

  static void validate(JsonNode body, boolean create) throws ApiError {
    if (!body.isObject()) throw new ApiError(400, "Problems parsing JSON");
    if (create) {
      if (!text(body, "name")) throw ApiError.missingField("CheckRun", "name");
      if (!text(body, "head_sha")) throw ApiError.missingField("CheckRun", "head_sha");
      if (!body.get("head_sha").asText().matches("[0-9a-f]{40}")) {
        throw new ApiError(422, "No commit found for SHA: " + body.get("head_sha").asText());
      }
    }
    oneOf(body, "status", STATUSES);
    oneOf(body, "conclusion", CONCLUSIONS);
    if ("completed".equals(body.path("status").asText()) && !body.hasNonNull("conclusion")) {
      throw ApiError.invalid("\"conclusion\" wasn't supplied.");
    }
    time(body, "started_at");
    time(body, "completed_at");
    if (body.has("output")) output(body.get("output"));
  }

  private static void output(JsonNode output) throws ApiError {
    if (!output.isObject()) throw ApiError.invalid("For 'properties/output', " + output + " is not an object.");
    if (!text(output, "title")) throw ApiError.invalid("\"title\" wasn't supplied.");
    if (!output.has("summary") || !output.get("summary").isTextual()) throw ApiError.invalid("\"summary\" wasn't supplied.");
    for (String field : new String[] {"summary", "text"}) {
      if (output.path(field).asText("").length() > MAX_MARKDOWN) {
        throw ApiError.invalid("For 'properties/" + field + "', is longer than " + MAX_MARKDOWN + " characters.");
      }
    }
    JsonNode annotations = output.path("annotations");
    if (annotations.isMissingNode()) return;
    if (!annotations.isArray()) throw ApiError.invalid("For 'properties/annotations', it is not an array.");
    if (annotations.size() > MAX_ANNOTATIONS) {
      throw ApiError.invalid("For 'properties/annotations', " + annotations.size() + " items is more than the maximum of "
          + MAX_ANNOTATIONS + ".");
    }
    for (JsonNode a : annotations) annotation(a);
  }

  private static void annotation(JsonNode a) throws ApiError {
    for (String field : new String[] {"path", "annotation_level", "message"}) {
      if (!text(a, field)) throw ApiError.invalid("\"" + field + "\" wasn't supplied.");
    }
    for (String field : new String[] {"start_line", "end_line"}) {
      if (!a.path(field).isInt() || a.get(field).asInt() < 1) {
        throw ApiError.invalid("\"" + field + "\" wasn't supplied or is not a positive integer.");
      }
    }
    oneOf(a, "annotation_level", LEVELS);
    boolean columns = a.has("start_column") || a.has("end_column");
    if (columns && a.get("start_line").asInt() != a.get("end_line").asInt()) {
      throw ApiError.invalid("start_column and end_column may only be given when start_line equals end_line.");
    }
    if (a.get("end_line").asInt() < a.get("start_line").asInt()) {
      throw ApiError.invalid("end_line must not be before start_line.");
    }
  }

  private static boolean text(JsonNode node, String field) {
    return node.path(field).isTextual() && !node.get(field).asText().isBlank();
  }

  private static void oneOf(JsonNode node, String field, Set<String> allowed) throws ApiError {
    if (!node.hasNonNull(field)) return;
    if (!allowed.contains(node.get(field).asText())) {
      throw ApiError.invalid("For 'properties/" + field + "', \"" + node.get(field).asText() + "\" is not a member of "
          + new java.util.TreeSet<>(allowed) + ".");
    }
  }

  private static void time(JsonNode node, String field) throws ApiError {
    if (!node.hasNonNull(field)) return;
    try {
      Instant.parse(node.get(field).asText());
    } catch (DateTimeParseException e) {
      throw ApiError.invalid("For 'properties/" + field + "', \"" + node.get(field).asText()
          + "\" is not a timestamp in ISO 8601 format (YYYY-MM-DDTHH:MM:SSZ).");
    }
  }
}

package dev.hearth.server.github;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Objects;

/**
 * One annotation of a check run, as GitHub's "annotations object" has it: a path relative to the
 * repository root, lines from 1, columns only on a single line, a level ({@code notice}, {@code
 * warning}, {@code failure}), a message (at most 64 KB) and an optional title (at most 255 characters).
 */
public record CheckAnnotation(String path, int startLine, int endLine, Integer startColumn, Integer endColumn,
    Level level, String message, String title) {
  static final int MAX_MESSAGE = 64 * 1024;
  static final int MAX_TITLE = 255;

  /** GitHub's {@code annotation_level}. */
  public enum Level {
    NOTICE, WARNING, FAILURE;

    public String githubName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The level of a workflow command: {@code error} → failure, {@code warning}, {@code notice}. */
    public static Level ofCommand(String command) {
      return switch (command) {
        case "error" -> FAILURE;
        case "warning" -> WARNING;
        default -> NOTICE;
      };
    }
  }

  public CheckAnnotation {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(message, "message");
    if (startLine < 1) startLine = 1;
    if (endLine < startLine) endLine = startLine;
    if (startLine != endLine) {
      startColumn = null;
      endColumn = null;
    }
    if (startColumn != null && startColumn < 1) startColumn = null;
    if (endColumn != null && (startColumn == null || endColumn < startColumn)) endColumn = null;
    message = Text.truncate(message, MAX_MESSAGE, "");
    title = title == null || title.isEmpty() ? null : Text.truncate(title, MAX_TITLE, "");
  }

  /** The annotation GitHub's JSON object {@code node} describes (as {@link #toJson} writes it). */
  static CheckAnnotation fromJson(com.fasterxml.jackson.databind.JsonNode node) {
    String level = node.path("annotation_level").asText("notice").toUpperCase(Locale.ROOT);
    return new CheckAnnotation(node.path("path").asText(), node.path("start_line").asInt(1), node.path("end_line").asInt(1),
        node.has("start_column") ? node.get("start_column").asInt() : null,
        node.has("end_column") ? node.get("end_column").asInt() : null, Level.valueOf(level),
        node.path("message").asText(""), node.has("title") ? node.get("title").asText() : null);
  }

  ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("path", path);
    n.put("start_line", startLine);
    n.put("end_line", endLine);
    if (startColumn != null) n.put("start_column", startColumn);
    if (endColumn != null) n.put("end_column", endColumn);
    n.put("annotation_level", level.githubName());
    n.put("message", message);
    if (title != null) n.put("title", title);
    return n;
  }
}

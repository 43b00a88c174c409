package dev.hearth.workflow.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.regex.Pattern;

/** Turns the text of an input's value into the typed value the {@code inputs} context holds. */
final class InputValues {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  private InputValues() {}

  /**
   * The typed value of {@code text} for an input of {@code type} ("boolean", "number", "choice",
   * "string" or "environment").
   *
   * @throws IllegalArgumentException whose message says what was expected
   */
  static JsonNode convert(String type, String text, List<String> options) {
    return switch (type) {
      case "boolean" -> {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
          yield JSON.booleanNode(text.equalsIgnoreCase("true"));
        }
        throw new IllegalArgumentException("expected true or false");
      }
      case "number" -> number(text.trim());
      case "choice" -> {
        if (options.contains(text)) yield JSON.textNode(text);
        throw new IllegalArgumentException("expected one of its options: " + String.join(", ", options));
      }
      default -> JSON.textNode(text);
    };
  }

  static JsonNode number(String text) {
    if (!NUMBER.matcher(text).matches()) throw new IllegalArgumentException("expected a number");
    return number(Double.parseDouble(text));
  }

  static JsonNode number(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 0x1p53) return JSON.numberNode((long) d);
    return JSON.numberNode(d);
  }

  /** The value of an input nobody gave and that has no default: false, 0 or "" by type. */
  static JsonNode zero(String type) {
    return switch (type) {
      case "boolean" -> JSON.booleanNode(false);
      case "number" -> JSON.numberNode(0L);
      default -> JSON.textNode("");
    };
  }
}

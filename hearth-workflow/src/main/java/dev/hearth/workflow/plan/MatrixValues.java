package dev.hearth.workflow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * How matrix filters compare values and how values read in job names.
 *
 * <p>A filter ({@code exclude} entry, or the matrix keys of an {@code include} entry) compares as
 * GitHub's own matrix filter does: it is compiled to {@code matrix['k'] == v} for every leaf, so a
 * mapping in a filter matches any object holding at least those keys (recursively), and leaves
 * compare with the expression language's loose {@code ==}: strings ignore case, and values of
 * different primitive types are compared as numbers. Lists compare element by element.
 */
final class MatrixValues {
  private MatrixValues() {}

  /** True when {@code actual} satisfies the filter value {@code filter}. */
  static boolean matches(JsonNode filter, JsonNode actual) {
    if (filter.isObject()) {
      if (actual == null || !actual.isObject()) return false;
      for (Map.Entry<String, JsonNode> field : filter.properties()) {
        if (!matches(field.getValue(), orNull(actual.get(field.getKey())))) return false;
      }
      return true;
    }
    if (filter.isArray()) return actual != null && actual.isArray() && sameList(filter, actual);
    return looseEquals(filter, actual == null ? nullNode() : actual);
  }

  private static boolean sameList(JsonNode filter, JsonNode actual) {
    if (filter.size() != actual.size()) return false;
    Iterator<JsonNode> a = actual.iterator();
    for (JsonNode f : filter) {
      if (!matches(f, a.next())) return false;
    }
    return true;
  }

  /** GitHub's {@code ==} on primitives; containers are equal to nothing primitive. */
  static boolean looseEquals(JsonNode left, JsonNode right) {
    if (left.isContainerNode() || right.isContainerNode()) return false;
    if (left.isTextual() && right.isTextual()) return left.asText().equalsIgnoreCase(right.asText());
    if (left.isNull() && right.isNull()) return true;
    if (left.isBoolean() && right.isBoolean()) return left.booleanValue() == right.booleanValue();
    double l = toNumber(left);
    double r = toNumber(right);
    return l == r; // NaN equals nothing, as in GitHub
  }

  /** The expression language's number coercion: null 0, booleans 1/0, strings parsed or NaN. */
  static double toNumber(JsonNode value) {
    if (value.isNumber()) return value.doubleValue();
    if (value.isBoolean()) return value.booleanValue() ? 1 : 0;
    if (value.isNull()) return 0;
    String text = value.asText().strip();
    if (text.isEmpty()) return 0;
    try {
      if (text.startsWith("0x") || text.startsWith("0X")) return Long.parseLong(text.substring(2), 16);
      if (text.startsWith("0o")) return Long.parseLong(text.substring(2), 8);
      if (!text.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
        return "Infinity".equals(text) ? Double.POSITIVE_INFINITY
            : "-Infinity".equals(text) ? Double.NEGATIVE_INFINITY : Double.NaN;
      }
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /**
   * A primitive as it reads in a job name: strings as they are, booleans {@code true}/{@code
   * false}, numbers without a trailing {@code .0} (GitHub shows {@code 3.10} as {@code 3.1}).
   * Null reads as the empty string.
   */
  static String text(JsonNode value) {
    if (value.isNull() || value.isMissingNode()) return "";
    if (value.isNumber()) return number(value);
    return value.asText();
  }

  private static String number(JsonNode value) {
    double d = value.doubleValue();
    if (Double.isNaN(d)) return "NaN";
    if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
    if (value.isIntegralNumber()) return value.bigIntegerValue().toString();
    BigDecimal decimal = BigDecimal.valueOf(d).stripTrailingZeros();
    return decimal.scale() <= 0 && decimal.precision() - decimal.scale() <= 15
        ? decimal.toBigInteger().toString() : decimal.toPlainString();
  }

  private static JsonNode orNull(JsonNode node) {
    return node == null ? nullNode() : node;
  }

  private static JsonNode nullNode() {
    return com.fasterxml.jackson.databind.node.NullNode.getInstance();
  }
}

package dev.hearth.workflow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.workflow.expr.Coercion;
import dev.hearth.workflow.expr.Values;
import java.util.Iterator;
import java.util.Map;

/**
 * How matrix filters compare values and how values read in job names.
 *
 * <p>A filter ({@code exclude} entry, or the matrix keys of an {@code include} entry) compares as
 * GitHub's own matrix filter does: it is compiled to {@code matrix['k'] == v} for every leaf, so a
 * mapping in a filter matches any object holding at least those keys (recursively; keys ignore
 * case, as every context key does), and leaves compare with the expression language's loose
 * {@code ==}: strings ignore case, and values of different primitive types are compared as
 * numbers (so null matches ''). Lists compare element by element.
 */
final class MatrixValues {
  private MatrixValues() {}

  /** True when {@code actual} satisfies the filter value {@code filter}. */
  static boolean matches(JsonNode filter, JsonNode actual) {
    if (filter.isObject()) {
      if (actual == null || !actual.isObject()) return false;
      for (Map.Entry<String, JsonNode> field : filter.properties()) {
        if (!matches(field.getValue(), orNull(field(actual, field.getKey())))) return false;
      }
      return true;
    }
    if (filter.isArray()) return actual != null && actual.isArray() && sameList(filter, actual);
    return looseEquals(filter, actual == null ? nullNode() : actual);
  }

  /**
   * The key of {@code map} equal to {@code key} ignoring case (GitHub's contexts ignore the case
   * of keys: {@code exclude: [{OS: linux}]} filters {@code os}), or null. Exact matches win.
   */
  static String key(Map<String, ?> map, String key) {
    if (map.containsKey(key)) return key;
    for (String candidate : map.keySet()) {
      if (candidate.equalsIgnoreCase(key)) return candidate;
    }
    return null;
  }

  private static JsonNode field(JsonNode object, String key) {
    JsonNode exact = object.get(key);
    if (exact != null) return exact;
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      if (field.getKey().equalsIgnoreCase(key)) return field.getValue();
    }
    return null;
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
    return Coercion.looseEquals(Values.fromJson(left), Values.fromJson(right));
  }

  /**
   * A primitive as it reads in a job name, by the expression language's string conversion:
   * numbers GitHub's way ({@code 3.10} reads {@code 3.1}), null as the empty string.
   */
  static String text(JsonNode value) {
    return Coercion.toStr(Values.fromJson(value));
  }

  private static JsonNode orNull(JsonNode node) {
    return node == null ? nullNode() : node;
  }

  private static JsonNode nullNode() {
    return com.fasterxml.jackson.databind.node.NullNode.getInstance();
  }
}

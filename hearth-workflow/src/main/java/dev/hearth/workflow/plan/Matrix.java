package dev.hearth.workflow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code strategy.matrix} whose values are known: the vectors in the order they are written
 * (key → non-empty list of values), then the {@code include} and {@code exclude} entries in order.
 * Values are JSON values (null, boolean, number, string, list, object). Every node is copied on
 * the way in and none is handed out for mutation; treat the nodes as read-only.
 */
public record Matrix(
    Map<String, List<JsonNode>> vectors,
    List<Map<String, JsonNode>> include,
    List<Map<String, JsonNode>> exclude) {

  public Matrix {
    vectors = copyVectors(vectors);
    include = copyEntries(include);
    exclude = copyEntries(exclude);
  }

  /** A matrix with no {@code include} or {@code exclude}. */
  public static Matrix of(Map<String, List<JsonNode>> vectors) {
    return new Matrix(vectors, List.of(), List.of());
  }

  /**
   * Reads a matrix from its JSON form, as written under {@code strategy.matrix} or as produced by
   * {@code fromJSON(…)}: an object whose {@code include} and {@code exclude} are lists of objects
   * and whose other keys are non-empty lists.
   */
  public static Matrix fromJson(JsonNode json) throws MatrixException {
    if (json == null || !json.isObject()) {
      throw new MatrixException("a matrix must be a mapping of vectors, found " + describe(json));
    }
    Map<String, List<JsonNode>> vectors = new LinkedHashMap<>();
    List<Map<String, JsonNode>> include = List.of();
    List<Map<String, JsonNode>> exclude = List.of();
    for (Map.Entry<String, JsonNode> field : json.properties()) {
      String key = field.getKey();
      JsonNode value = field.getValue();
      switch (key) {
        case "include" -> include = entries("include", value);
        case "exclude" -> exclude = entries("exclude", value);
        default -> vectors.put(key, vector(key, value));
      }
    }
    return new Matrix(vectors, include, exclude);
  }

  private static List<JsonNode> vector(String key, JsonNode value) throws MatrixException {
    if (!value.isArray()) {
      throw new MatrixException("matrix vector '" + key + "' must be a list of values, found "
          + describe(value));
    }
    if (value.isEmpty()) {
      throw new MatrixException("matrix vector '" + key + "' does not contain any values");
    }
    List<JsonNode> values = new ArrayList<>(value.size());
    value.forEach(values::add);
    return values;
  }

  private static List<Map<String, JsonNode>> entries(String key, JsonNode value)
      throws MatrixException {
    if (!value.isArray()) {
      throw new MatrixException("matrix '" + key + "' must be a list of mappings, found "
          + describe(value));
    }
    List<Map<String, JsonNode>> entries = new ArrayList<>(value.size());
    for (JsonNode item : value) {
      if (!item.isObject()) {
        throw new MatrixException("each matrix '" + key + "' entry must be a mapping, found "
            + describe(item));
      }
      Map<String, JsonNode> entry = new LinkedHashMap<>();
      item.properties().forEach(e -> entry.put(e.getKey(), e.getValue()));
      entries.add(entry);
    }
    return entries;
  }

  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) return "nothing";
    JsonNodeType type = node.getNodeType();
    return switch (type) {
      case ARRAY -> "a list";
      case OBJECT, POJO -> "a mapping";
      case STRING, BINARY -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL, MISSING -> "null";
    };
  }

  private static Map<String, List<JsonNode>> copyVectors(Map<String, List<JsonNode>> vectors) {
    Map<String, List<JsonNode>> copy = new LinkedHashMap<>();
    vectors.forEach((key, values) -> copy.put(key, values.stream().map(Matrix::copy).toList()));
    return Collections.unmodifiableMap(copy);
  }

  private static List<Map<String, JsonNode>> copyEntries(List<Map<String, JsonNode>> entries) {
    return entries.stream().map(Matrix::copyEntry).toList();
  }

  static Map<String, JsonNode> copyEntry(Map<String, JsonNode> entry) {
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    entry.forEach((key, value) -> copy.put(key, copy(value)));
    return Collections.unmodifiableMap(copy);
  }

  private static JsonNode copy(JsonNode value) {
    return value == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance()
        : value.deepCopy();
  }
}

package dev.hearth.workflow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One leg of a matrix: the values of the {@code matrix} context for that leg, in order (the
 * vectors' keys first, in the order written, then keys added by {@code include}). A job without a
 * matrix has one empty combination. Treat the nodes as read-only.
 */
public record MatrixCombination(Map<String, JsonNode> values) {
  private static final MatrixCombination EMPTY = new MatrixCombination(Map.of());

  public MatrixCombination {
    values = Matrix.copyEntry(values);
  }

  public static MatrixCombination empty() {
    return EMPTY;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** The value of the {@code matrix} context for this leg, as a fresh object the caller may own. */
  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    values.forEach((key, value) -> json.set(key, value.deepCopy()));
    return json;
  }

  @Override
  public String toString() {
    return toJson().toString();
  }
}

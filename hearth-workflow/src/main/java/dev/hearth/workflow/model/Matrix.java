package dev.hearth.workflow.model;

import dev.hearth.workflow.source.Position;
import dev.hearth.workflow.yaml.YamlNode;
import java.util.Map;

/**
 * A {@code strategy.matrix}, kept as written for the planner to expand: the vectors (each a
 * sequence, or an expression producing one), {@code include} and {@code exclude} (null when
 * absent), or, when the whole matrix is one expression, only {@code expression}.
 */
public record Matrix(
    Map<String, YamlNode> vectors, YamlNode include, YamlNode exclude, Value expression, Position position) {
  public Matrix {
    vectors = Maps.ordered(vectors);
  }

  public boolean isExpression() {
    return expression != null;
  }
}

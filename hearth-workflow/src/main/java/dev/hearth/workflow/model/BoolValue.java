package dev.hearth.workflow.model;

import dev.hearth.workflow.source.Position;
import java.util.Optional;

/**
 * A boolean that may instead be an expression, such as {@code continue-on-error}. Exactly one of
 * {@code literal} and {@code expression} is non-null.
 */
public record BoolValue(Boolean literal, String expression, Position position) {

  public static BoolValue of(boolean literal, Position position) {
    return new BoolValue(literal, null, position);
  }

  public static BoolValue ofExpression(String expression, Position position) {
    return new BoolValue(null, expression, position);
  }

  public boolean isExpression() {
    return expression != null;
  }

  public Optional<Boolean> literalValue() {
    return Optional.ofNullable(literal);
  }
}

package dev.hearth.workflow.model;

import dev.hearth.workflow.source.Position;
import java.util.Optional;

/**
 * A number that may instead be an expression, such as {@code timeout-minutes}. Exactly one of
 * {@code literal} and {@code expression} is non-null.
 */
public record NumberValue(Double literal, String expression, Position position) {

  public static NumberValue of(double literal, Position position) {
    return new NumberValue(literal, null, position);
  }

  public static NumberValue ofExpression(String expression, Position position) {
    return new NumberValue(null, expression, position);
  }

  public boolean isExpression() {
    return expression != null;
  }

  public Optional<Double> literalValue() {
    return Optional.ofNullable(literal);
  }
}

package dev.hearth.workflow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.workflow.expr.ExpressionException;
import java.util.function.Function;

/**
 * A {@code strategy} setting ({@code fail-fast}, {@code max-parallel}) as planned: a value known
 * when the workflow is planned, or a {@code ${{ }}} expression evaluated when its job is ready.
 */
public sealed interface Setting<T> {

  /** The value, evaluating an expression through {@code evaluate} when there is one. */
  T resolve(TemplateEvaluator evaluate, Function<JsonNode, T> convert) throws ExpressionException;

  default boolean isKnown() {
    return this instanceof Known<T>;
  }

  static <T> Setting<T> known(T value) {
    return new Known<>(value);
  }

  static <T> Setting<T> expression(String text) {
    return new Expression<>(text);
  }

  /** A literal value; may be null where the setting allows "not set" (max-parallel). */
  record Known<T>(T value) implements Setting<T> {
    @Override
    public T resolve(TemplateEvaluator evaluate, Function<JsonNode, T> convert) {
      return value;
    }
  }

  /** A string with {@code ${{ }}}, such as {@code ${{ github.event_name == 'push' }}}. */
  record Expression<T>(String text) implements Setting<T> {
    @Override
    public T resolve(TemplateEvaluator evaluate, Function<JsonNode, T> convert)
        throws ExpressionException {
      return convert.apply(evaluate.evaluate(text));
    }
  }
}

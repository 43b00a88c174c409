package dev.hearth.workflow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.workflow.expr.EvaluationContext;
import dev.hearth.workflow.expr.ExpressionException;
import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.expr.Template;
import dev.hearth.workflow.expr.Values;

/**
 * Evaluates a string holding {@code ${{ }}} as a deferred strategy needs it: a string that is one
 * expression gives that expression's value ({@code ${{ fromJSON(x) }}} gives a list or object);
 * any other text gives the interpolated string.
 */
@FunctionalInterface
public interface TemplateEvaluator {

  /** The contexts GitHub allows in {@code strategy}: {@code github, needs, vars, inputs}. */
  ExpressionScope STRATEGY_SCOPE = ExpressionScope.JOB_STRATEGY;

  /** For written-out strategies: there is nothing to evaluate, and being asked is a bug. */
  TemplateEvaluator NONE = template -> {
    throw new IllegalStateException("no evaluator for " + template);
  };

  JsonNode evaluate(String template) throws ExpressionException;

  /** Evaluates with the expression language in {@link #STRATEGY_SCOPE} against {@code context}. */
  static TemplateEvaluator of(EvaluationContext context) {
    return template -> Values.toJson(Template.parse(template).evaluate(STRATEGY_SCOPE, context));
  }
}

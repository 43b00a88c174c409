/**
 * GitHub's {@code ${{ }}} expression language, as documented in "Evaluate expressions in
 * workflows and actions" and checked against GitHub's conformance data and its JavaScript
 * implementation.
 *
 * <h2>Using it</h2>
 * <ul>
 *   <li>{@link dev.hearth.workflow.expr.ExpressionParser#parse(String, ExpressionScope)} turns the
 *       text between {@code ${{} and {@code }}} into an immutable, thread-safe {@link
 *       dev.hearth.workflow.expr.Expr} tree, accepting only the contexts and functions the
 *       {@link dev.hearth.workflow.expr.ExpressionScope} allows where the expression stands
 *       ({@code ExpressionScope.forKey("jobs.<job_id>.steps.if")}, {@code STEP_RUN}, {@code ANY}…).
 *   <li>{@link dev.hearth.workflow.expr.Evaluator#evaluate(Expr, EvaluationContext)} computes a
 *       {@link dev.hearth.workflow.expr.Value} from the contexts, status and workspace of an
 *       {@link dev.hearth.workflow.expr.EvaluationContext} ({@code EvaluationContext.fromJson}
 *       reads contexts from JSON); {@code Evaluator.evaluate(text, scope, context)} does both.
 *   <li>{@link dev.hearth.workflow.expr.Template} splits a YAML string with {@code ${{ }}} parts;
 *       {@code template.compile(scope).evaluate(context)} interpolates it.
 *   <li>{@link dev.hearth.workflow.expr.IfCondition} reads {@code if:} values, adding the implied
 *       {@code success() &&}.
 *   <li>{@link dev.hearth.workflow.expr.Values} converts values to and from JSON;
 *       {@link dev.hearth.workflow.expr.Coercion} holds GitHub's conversion and comparison rules.
 * </ul>
 *
 * <p>All failures are {@link dev.hearth.workflow.expr.ExpressionException}s of kind PARSING or
 * EVALUATION carrying the 1-based column inside the expression.
 */
package dev.hearth.workflow.expr;

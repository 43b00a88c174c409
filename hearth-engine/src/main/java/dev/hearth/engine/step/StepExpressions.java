package dev.hearth.engine.step;

import dev.hearth.workflow.expr.Coercion;
import dev.hearth.workflow.expr.EvaluationContext;
import dev.hearth.workflow.expr.ExpressionException;
import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.expr.IfCondition;
import dev.hearth.workflow.expr.RunStatus;
import dev.hearth.workflow.expr.Template;
import dev.hearth.workflow.expr.Value;
import dev.hearth.workflow.expr.Value.ObjectValue;
import dev.hearth.workflow.expr.Value.StringValue;
import dev.hearth.workflow.model.BoolValue;
import dev.hearth.workflow.model.NumberValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates the workflow values of a job's steps against the job's contexts plus the {@code env}
 * and {@code steps} contexts as they stand. Immutable; {@link #with} gives a copy with other
 * {@code env}/{@code steps}/status.
 */
record StepExpressions(ObjectValue jobContexts, Map<String, String> env, ObjectValue steps, RunStatus status,
    Optional<Path> workspace) {

  static StepExpressions of(ObjectValue jobContexts, String workspace) {
    Path ws = Path.of(workspace);
    // hashFiles reads the host file system: right for the host provider, absent for other VMs.
    Optional<Path> hostWorkspace = Files.isDirectory(ws) ? Optional.of(ws) : Optional.empty();
    return new StepExpressions(jobContexts, Map.of(), ObjectValue.builder().build(), RunStatus.SUCCESS, hostWorkspace);
  }

  StepExpressions with(Map<String, String> newEnv, ObjectValue newSteps, RunStatus newStatus) {
    return new StepExpressions(jobContexts, Map.copyOf(newEnv), newSteps, newStatus, workspace);
  }

  StepExpressions withEnv(Map<String, String> newEnv) {
    return new StepExpressions(jobContexts, new LinkedHashMap<>(newEnv), steps, status, workspace);
  }

  EvaluationContext context() {
    ObjectValue.Builder b = ObjectValue.builder();
    ObjectValue.Builder envValue = ObjectValue.builder();
    env.forEach((k, v) -> envValue.put(k, new StringValue(v)));
    b.put("env", envValue.build()).put("steps", steps);
    jobContexts.entries().forEach(e -> b.put(e.getKey(), e.getValue()));
    EvaluationContext ctx = new EvaluationContext(b.build(), status, Optional.empty());
    return workspace.map(ctx::withWorkspace).orElse(ctx);
  }

  /** A string that may hold {@code ${{ }}}, or null for null. */
  String string(dev.hearth.workflow.model.Value v, ExpressionScope scope) throws ExpressionException {
    if (v == null) return null;
    if (!v.hasExpressions()) return v.text();
    return Template.parse(v.text()).compile(scope).evaluateToString(context());
  }

  /** Each value of {@code values} evaluated in order. */
  Map<String, String> strings(Map<String, dev.hearth.workflow.model.Value> values, ExpressionScope scope)
      throws ExpressionException {
    Map<String, String> out = new LinkedHashMap<>();
    for (var e : values.entrySet()) out.put(e.getKey(), string(e.getValue(), scope));
    return out;
  }

  boolean condition(dev.hearth.workflow.model.Value condition) throws ExpressionException {
    String text = condition == null ? "" : condition.text();
    // no if: is success(), which reads only the status (no contexts to build, nothing to parse)
    if (text.isBlank()) return status == RunStatus.SUCCESS;
    return IfCondition.parse(text, ExpressionScope.STEP_IF).evaluate(context());
  }

  boolean bool(BoolValue v, ExpressionScope scope) throws ExpressionException {
    if (v == null) return false;
    if (!v.isExpression()) return v.literal();
    return Coercion.truthy(single(v.expression(), scope));
  }

  /** The number, or empty when absent. */
  Optional<Double> number(NumberValue v, ExpressionScope scope) throws ExpressionException {
    if (v == null) return Optional.empty();
    if (!v.isExpression()) return Optional.of(v.literal());
    return Optional.of(Coercion.toNumber(single(v.expression(), scope)));
  }

  private Value single(String expression, ExpressionScope scope) throws ExpressionException {
    return Template.parse("${{ " + expression + " }}").compile(scope).evaluate(context());
  }
}

package dev.hearth.engine;

import dev.hearth.workflow.expr.Coercion;
import dev.hearth.workflow.expr.EvaluationContext;
import dev.hearth.workflow.expr.ExpressionException;
import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.expr.Template;
import dev.hearth.workflow.expr.Value;
import dev.hearth.workflow.model.BoolValue;
import dev.hearth.workflow.model.Job;
import dev.hearth.workflow.model.NumberValue;
import dev.hearth.workflow.model.RunsOn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A leg's job-level settings, evaluated with its {@code matrix} and {@code strategy}: display name,
 * {@code runs-on} labels, {@code timeout-minutes} (default 360) and {@code continue-on-error}.
 * A setting whose expression fails falls back to its default and says so in {@link #warnings}.
 */
record LegSettings(String name, List<String> labels, Duration timeout, boolean continueOnError, List<String> warnings) {
  static final int DEFAULT_TIMEOUT_MINUTES = 360;

  static java.time.Duration defaultTimeout() {
    return Duration.ofMinutes(DEFAULT_TIMEOUT_MINUTES);
  }

  static LegSettings of(Job job, String fallbackName, EvaluationContext context) {
    List<String> warnings = new ArrayList<>();
    String name = fallbackName;
    if (job.name() != null && job.name().hasExpressions()) {
      try {
        name = Coercion.toStr(evaluate(job.name().text(), ExpressionScope.JOB_NAME, context));
      } catch (ExpressionException e) {
        warnings.add("the job's name could not be evaluated: " + e.getMessage());
      }
    }
    if (job.container() != null || !job.services().isEmpty()) {
      warnings.add("job containers and services are not supported by Hearth yet: the steps run directly in the VM");
    }
    return new LegSettings(name, labels(job.runsOn(), context, warnings), timeout(job.timeoutMinutes(), context, warnings),
        continueOnError(job.continueOnError(), context, warnings), warnings);
  }

  /** The labels of {@code runsOn}; expressions are evaluated (an array gives several labels). */
  static List<String> labels(RunsOn runsOn, EvaluationContext context, List<String> warnings) {
    List<String> labels = new ArrayList<>();
    if (runsOn == null) return labels;
    List<String> texts = new ArrayList<>();
    if (runsOn.isExpression()) texts.add(runsOn.expression().text());
    runsOn.labels().forEach(v -> texts.add(v.text()));
    for (String text : texts) {
      if (!text.contains("${{")) {
        labels.add(text);
        continue;
      }
      try {
        Value v = evaluate(text, ExpressionScope.JOB_RUNS_ON, context);
        if (v instanceof Value.ArrayValue a) a.items().forEach(i -> labels.add(Coercion.toStr(i)));
        else labels.add(Coercion.toStr(v));
      } catch (ExpressionException e) {
        warnings.add("runs-on '" + text + "' could not be evaluated: " + e.getMessage());
      }
    }
    return labels;
  }

  private static Duration timeout(NumberValue value, EvaluationContext context, List<String> warnings) {
    double minutes = DEFAULT_TIMEOUT_MINUTES;
    if (value != null && !value.isExpression()) minutes = value.literal();
    if (value != null && value.isExpression()) {
      try {
        minutes = Coercion.toNumber(evaluate("${{ " + value.expression() + " }}", ExpressionScope.JOB_TIMEOUT_MINUTES,
            context));
      } catch (ExpressionException e) {
        warnings.add("timeout-minutes could not be evaluated: " + e.getMessage());
      }
    }
    if (Double.isNaN(minutes) || minutes <= 0) {
      warnings.add("timeout-minutes must be a positive number; using " + DEFAULT_TIMEOUT_MINUTES);
      minutes = DEFAULT_TIMEOUT_MINUTES;
    }
    return Duration.ofMillis((long) Math.min(Long.MAX_VALUE / 2.0, minutes * 60_000));
  }

  private static boolean continueOnError(BoolValue value, EvaluationContext context, List<String> warnings) {
    if (value == null) return false;
    if (!value.isExpression()) return Boolean.TRUE.equals(value.literal());
    try {
      return Coercion.truthy(evaluate("${{ " + value.expression() + " }}", ExpressionScope.JOB_CONTINUE_ON_ERROR,
          context));
    } catch (ExpressionException e) {
      warnings.add("continue-on-error could not be evaluated: " + e.getMessage());
      return false;
    }
  }

  private static Value evaluate(String text, ExpressionScope scope, EvaluationContext context)
      throws ExpressionException {
    return Template.parse(text).evaluate(scope, context);
  }
}

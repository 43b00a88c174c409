package dev.hearth.engine.step;

import dev.hearth.workflow.expr.ExpressionException;
import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.expr.Value;
import dev.hearth.workflow.expr.Value.ObjectValue;
import dev.hearth.workflow.expr.Value.StringValue;
import dev.hearth.workflow.model.NumberValue;
import java.util.Map;

/** Job-level settings read from the invocation: debug logging, time limits, the declared env. */
final class JobSettings {
  private JobSettings() {}

  /**
   * True when step debug logging is on: {@code ACTIONS_STEP_DEBUG} is {@code true} as a secret or a
   * variable, or {@code runner.debug} is {@code 1} (a re-run with debug logging).
   */
  static boolean debug(JobInvocation inv) {
    if ("true".equalsIgnoreCase(inv.secrets().get("ACTIONS_STEP_DEBUG"))) return true;
    if (isString(value(inv.contexts(), "secrets", "ACTIONS_STEP_DEBUG"), "true")) return true;
    if (isString(value(inv.contexts(), "vars", "ACTIONS_STEP_DEBUG"), "true")) return true;
    return isString(value(inv.contexts(), "runner", "debug"), "1");
  }

  /** The value at {@code path} under {@code o}, or null. */
  static Value value(ObjectValue o, String... path) {
    Value v = o;
    for (String p : path) {
      if (!(v instanceof ObjectValue obj)) return null;
      v = obj.get(p);
    }
    return v;
  }

  private static boolean isString(Value v, String expected) {
    return v instanceof StringValue s && s.value().equalsIgnoreCase(expected);
  }

  static double timeoutMinutes(JobInvocation inv, double fallback) {
    return minutes(inv, inv.job().timeoutMinutes(), ExpressionScope.JOB_TIMEOUT_MINUTES, fallback);
  }

  static double cancelTimeoutMinutes(JobInvocation inv, double fallback) {
    return minutes(inv, inv.job().cancelTimeoutMinutes(), ExpressionScope.JOB_TIMEOUT_MINUTES, fallback);
  }

  private static double minutes(JobInvocation inv, NumberValue v, ExpressionScope scope, double fallback) {
    try {
      return StepExpressions.of(inv.contexts(), inv.workspace()).number(v, scope)
          .filter(m -> m > 0 && !m.isNaN()).orElse(fallback);
    } catch (ExpressionException e) {
      return fallback;
    }
  }

  /** Whole minutes without a fraction ({@code 5}), others as written ({@code 0.5}). */
  static String format(double minutes) {
    return minutes == Math.rint(minutes) ? Long.toString((long) minutes) : Double.toString(minutes);
  }

  /**
   * The workflow's and the job's {@code env}, evaluated (workflow env in its scope, then job env).
   *
   * @throws ExpressionException for the first value that does not evaluate
   */
  static EnvironmentLayers environment(JobInvocation inv) throws ExpressionException {
    StepExpressions ex = StepExpressions.of(inv.contexts(), inv.workspace());
    Map<String, String> workflowEnv = ex.strings(inv.workflow().env(), ExpressionScope.WORKFLOW_ENV);
    Map<String, String> jobEnv = ex.strings(inv.job().env(), ExpressionScope.JOB_ENV);
    return new EnvironmentLayers(inv.baseEnv(), workflowEnv, jobEnv);
  }
}

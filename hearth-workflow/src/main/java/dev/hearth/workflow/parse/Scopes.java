package dev.hearth.workflow.parse;

import dev.hearth.workflow.expr.ExpressionScope;
import java.util.Set;

/**
 * What expressions may name at each workflow key, after GitHub's context availability table
 * (docs: "Contexts" → "Context availability").
 */
final class Scopes {
  private Scopes() {}

  private static final Set<String> STATUS = Set.of("always", "cancelled", "success", "failure");
  private static final Set<String> STEP_STATUS =
      Set.of("always", "cancelled", "success", "failure", "hashFiles");

  static final ExpressionScope RUN_NAME = of("github", "inputs", "vars");
  static final ExpressionScope WORKFLOW_CONCURRENCY = of("github", "inputs", "vars");
  static final ExpressionScope WORKFLOW_ENV = of("github", "secrets", "inputs", "vars");
  static final ExpressionScope WORKFLOW_DEFAULTS = of("github", "inputs", "vars", "env");

  static final ExpressionScope JOB_IF =
      new ExpressionScope(Set.of("github", "needs", "vars", "inputs"), STATUS);
  static final ExpressionScope JOB_STRATEGY = of("github", "needs", "vars", "inputs");
  /** name, runs-on, concurrency, environment, container image, services, timeout, with. */
  static final ExpressionScope JOB = of("github", "needs", "strategy", "matrix", "vars", "inputs");
  static final ExpressionScope JOB_SECRETS =
      of("github", "needs", "strategy", "matrix", "secrets", "inputs", "vars");
  static final ExpressionScope JOB_ENV = JOB_SECRETS;
  static final ExpressionScope JOB_DEFAULTS =
      of("github", "needs", "strategy", "matrix", "env", "vars", "inputs");
  static final ExpressionScope CREDENTIALS =
      of("github", "needs", "strategy", "matrix", "env", "vars", "secrets", "inputs");
  static final ExpressionScope CONTAINER_ENV =
      of("github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "secrets", "inputs");
  static final ExpressionScope ENVIRONMENT_URL =
      of("github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "steps", "inputs");
  static final ExpressionScope JOB_OUTPUTS = of("github", "needs", "strategy", "matrix", "job", "runner",
      "env", "vars", "secrets", "steps", "inputs");

  static final ExpressionScope STEP_IF = new ExpressionScope(Set.of("github", "needs", "strategy", "matrix",
      "job", "runner", "env", "vars", "steps", "inputs"), STEP_STATUS);
  /** name, run, with, env, working-directory, timeout-minutes, continue-on-error of a step. */
  static final ExpressionScope STEP = new ExpressionScope(Set.of("github", "needs", "strategy", "matrix",
      "job", "runner", "env", "vars", "secrets", "steps", "inputs"), Set.of("hashFiles"));

  private static ExpressionScope of(String... names) {
    return new ExpressionScope(Set.of(names), Set.of());
  }
}

package dev.hearth.workflow.expr;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What an expression may name where it stands: the contexts (named values such as {@code github},
 * {@code matrix}) and the functions beyond the always-available ones ({@code hashFiles} and the
 * status functions, which GitHub allows only in some places). Names compare case-insensitively;
 * both sets are stored lower-cased.
 *
 * <p>The constants follow the "Context availability" table of GitHub's contexts reference; each
 * is named for the workflow key it serves.
 */
public record ExpressionScope(Set<String> namedValues, Set<String> extraFunctions) {

  private static final String[] STATUS = {"always", "cancelled", "success", "failure"};

  /** Contexts only (no hashFiles, no status functions) for run-name and workflow concurrency. */
  public static final ExpressionScope RUN_NAME = contexts("github", "inputs", "vars");
  public static final ExpressionScope WORKFLOW_CONCURRENCY = RUN_NAME;
  /** Workflow-level {@code env}. */
  public static final ExpressionScope WORKFLOW_ENV = contexts("github", "secrets", "inputs", "vars");
  /** {@code on.workflow_call.inputs.<id>.default}. */
  public static final ExpressionScope WORKFLOW_CALL_INPUT_DEFAULT = RUN_NAME;
  /** {@code on.workflow_call.outputs.<id>.value}. */
  public static final ExpressionScope WORKFLOW_CALL_OUTPUT_VALUE =
      contexts("github", "jobs", "vars", "inputs");

  /** {@code jobs.<id>.if}: status functions allowed, no matrix (it is not expanded yet). */
  public static final ExpressionScope JOB_IF =
      new ExpressionScope(Set.of("github", "needs", "vars", "inputs"), Set.of(STATUS));
  /** {@code jobs.<id>.strategy}. */
  public static final ExpressionScope JOB_STRATEGY = contexts("github", "needs", "vars", "inputs");

  private static final String[] JOB_BASE = {"github", "needs", "strategy", "matrix", "vars", "inputs"};
  /** {@code runs-on}, {@code name}, {@code container}, {@code services}, {@code environment}… */
  public static final ExpressionScope JOB_RUNS_ON = contexts(JOB_BASE);
  public static final ExpressionScope JOB_NAME = JOB_RUNS_ON;
  public static final ExpressionScope JOB_CONCURRENCY = JOB_RUNS_ON;
  public static final ExpressionScope JOB_CONTAINER = JOB_RUNS_ON;
  public static final ExpressionScope JOB_SERVICES = JOB_RUNS_ON;
  public static final ExpressionScope JOB_ENVIRONMENT = JOB_RUNS_ON;
  public static final ExpressionScope JOB_TIMEOUT_MINUTES = JOB_RUNS_ON;
  public static final ExpressionScope JOB_CONTINUE_ON_ERROR = JOB_RUNS_ON;
  /** {@code jobs.<id>.with.<id>} of a reusable-workflow call. */
  public static final ExpressionScope JOB_WITH = JOB_RUNS_ON;
  /** {@code jobs.<id>.secrets.<id>} of a reusable-workflow call. */
  public static final ExpressionScope JOB_SECRETS = contexts(plus(JOB_BASE, "secrets"));
  /** Job-level {@code env}. */
  public static final ExpressionScope JOB_ENV = JOB_SECRETS;
  /** {@code container.credentials} and {@code services.<id>.credentials}. */
  public static final ExpressionScope JOB_CREDENTIALS = contexts(plus(JOB_BASE, "secrets", "env"));
  /** {@code jobs.<id>.defaults.run}. */
  public static final ExpressionScope JOB_DEFAULTS_RUN = contexts(plus(JOB_BASE, "env"));
  /** {@code container.env.<id>} and {@code services.<id>.env.<id>}. */
  public static final ExpressionScope JOB_CONTAINER_ENV =
      contexts(plus(JOB_BASE, "job", "runner", "env", "secrets"));
  /** {@code jobs.<id>.environment.url}. */
  public static final ExpressionScope JOB_ENVIRONMENT_URL =
      contexts(plus(JOB_BASE, "job", "runner", "env", "steps"));
  /** {@code jobs.<id>.outputs.<id>}. */
  public static final ExpressionScope JOB_OUTPUTS =
      contexts(plus(JOB_BASE, "job", "runner", "env", "secrets", "steps"));

  private static final String[] STEP_BASE =
      plus(JOB_BASE, "job", "runner", "env", "secrets", "steps");
  /** Step {@code run}, {@code with}, {@code env}, {@code name}, {@code working-directory}… */
  public static final ExpressionScope STEP =
      new ExpressionScope(Set.of(STEP_BASE), Set.of("hashFiles"));
  public static final ExpressionScope STEP_RUN = STEP;
  public static final ExpressionScope STEP_WITH = STEP;
  public static final ExpressionScope STEP_ENV = STEP;
  public static final ExpressionScope STEP_NAME = STEP;
  public static final ExpressionScope STEP_WORKING_DIRECTORY = STEP;
  public static final ExpressionScope STEP_TIMEOUT_MINUTES = STEP;
  public static final ExpressionScope STEP_CONTINUE_ON_ERROR = STEP;
  /** Step {@code if}: no secrets; status functions and hashFiles allowed. */
  public static final ExpressionScope STEP_IF = new ExpressionScope(
      Set.of(plus(JOB_BASE, "job", "runner", "env", "steps")),
      Set.of(plus(STATUS, "hashFiles")));

  /** Every context and every function, for {@code hearth eval} and tests. */
  public static final ExpressionScope ANY = new ExpressionScope(
      Set.of("github", "env", "vars", "secrets", "inputs", "job", "jobs", "steps", "runner",
          "strategy", "matrix", "needs"),
      Set.of(plus(STATUS, "hashFiles")));

  /** No context and no scoped function: literals and the always-available functions. */
  public static final ExpressionScope NONE = new ExpressionScope(Set.of(), Set.of());

  /** {@code jobs.<id>.container.image}. */
  public static final ExpressionScope JOB_CONTAINER_IMAGE = JOB_RUNS_ON;

  private static final Map<String, ExpressionScope> BY_KEY = Map.ofEntries(
      Map.entry("run-name", RUN_NAME),
      Map.entry("concurrency", WORKFLOW_CONCURRENCY),
      Map.entry("env", WORKFLOW_ENV),
      Map.entry("on.workflow_call.inputs.<inputs_id>.default", WORKFLOW_CALL_INPUT_DEFAULT),
      Map.entry("on.workflow_call.outputs.<output_id>.value", WORKFLOW_CALL_OUTPUT_VALUE),
      Map.entry("jobs.<job_id>.if", JOB_IF),
      Map.entry("jobs.<job_id>.strategy", JOB_STRATEGY),
      Map.entry("jobs.<job_id>.runs-on", JOB_RUNS_ON),
      Map.entry("jobs.<job_id>.name", JOB_NAME),
      Map.entry("jobs.<job_id>.concurrency", JOB_CONCURRENCY),
      Map.entry("jobs.<job_id>.container", JOB_CONTAINER),
      Map.entry("jobs.<job_id>.container.image", JOB_CONTAINER_IMAGE),
      Map.entry("jobs.<job_id>.container.credentials", JOB_CREDENTIALS),
      Map.entry("jobs.<job_id>.container.env.<env_id>", JOB_CONTAINER_ENV),
      Map.entry("jobs.<job_id>.services", JOB_SERVICES),
      Map.entry("jobs.<job_id>.services.<service_id>.credentials", JOB_CREDENTIALS),
      Map.entry("jobs.<job_id>.services.<service_id>.env.<env_id>", JOB_CONTAINER_ENV),
      Map.entry("jobs.<job_id>.environment", JOB_ENVIRONMENT),
      Map.entry("jobs.<job_id>.environment.url", JOB_ENVIRONMENT_URL),
      Map.entry("jobs.<job_id>.timeout-minutes", JOB_TIMEOUT_MINUTES),
      Map.entry("jobs.<job_id>.continue-on-error", JOB_CONTINUE_ON_ERROR),
      Map.entry("jobs.<job_id>.with.<with_id>", JOB_WITH),
      Map.entry("jobs.<job_id>.secrets.<secrets_id>", JOB_SECRETS),
      Map.entry("jobs.<job_id>.env", JOB_ENV),
      Map.entry("jobs.<job_id>.defaults.run", JOB_DEFAULTS_RUN),
      Map.entry("jobs.<job_id>.outputs.<output_id>", JOB_OUTPUTS),
      Map.entry("jobs.<job_id>.steps.if", STEP_IF),
      Map.entry("jobs.<job_id>.steps.run", STEP_RUN),
      Map.entry("jobs.<job_id>.steps.with", STEP_WITH),
      Map.entry("jobs.<job_id>.steps.env", STEP_ENV),
      Map.entry("jobs.<job_id>.steps.name", STEP_NAME),
      Map.entry("jobs.<job_id>.steps.working-directory", STEP_WORKING_DIRECTORY),
      Map.entry("jobs.<job_id>.steps.timeout-minutes", STEP_TIMEOUT_MINUTES),
      Map.entry("jobs.<job_id>.steps.continue-on-error", STEP_CONTINUE_ON_ERROR));

  /**
   * The scope of a workflow key spelled as in GitHub's context availability table, e.g.
   * {@code jobs.<job_id>.steps.if}; empty for a key the table does not list.
   */
  public static Optional<ExpressionScope> forKey(String workflowKey) {
    return Optional.ofNullable(BY_KEY.get(workflowKey));
  }

  public ExpressionScope {
    namedValues = lowerAll(namedValues);
    extraFunctions = lowerAll(extraFunctions);
  }

  /** A scope with the given contexts and no scoped functions. */
  public static ExpressionScope contexts(String... names) {
    return new ExpressionScope(Set.of(names), Set.of());
  }

  /** This scope with {@code names} added to its contexts. */
  public ExpressionScope withNamedValues(String... names) {
    return new ExpressionScope(
        Stream.concat(namedValues.stream(), Arrays.stream(names)).collect(Collectors.toSet()),
        extraFunctions);
  }

  /** True when the context {@code name} (any case) may be used here. */
  public boolean allowsNamedValue(String name) {
    return namedValues.contains(name.toLowerCase(Locale.ROOT));
  }

  /** True when the scoped function {@code name} (any case) may be called here. */
  public boolean allowsFunction(String name) {
    return extraFunctions.contains(name.toLowerCase(Locale.ROOT));
  }

  private static Set<String> lowerAll(Set<String> names) {
    return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
  }

  private static String[] plus(String[] base, String... more) {
    return Stream.concat(Arrays.stream(base), Arrays.stream(more)).toArray(String[]::new);
  }
}

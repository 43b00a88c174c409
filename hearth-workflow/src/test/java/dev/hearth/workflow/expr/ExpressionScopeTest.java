package dev.hearth.workflow.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The scopes follow GitHub's context availability table. */
class ExpressionScopeTest {

  static ExpressionScope scope(String name) throws Exception {
    return (ExpressionScope) ExpressionScope.class.getField(name).get(null);
  }

  @ParameterizedTest(name = "{0} allows {1}")
  @CsvSource(delimiter = '|', textBlock = """
      RUN_NAME                    | github inputs vars
      WORKFLOW_ENV                | github secrets inputs vars
      WORKFLOW_CALL_OUTPUT_VALUE  | github jobs vars inputs
      JOB_IF                      | github needs vars inputs
      JOB_STRATEGY                | github needs vars inputs
      JOB_RUNS_ON                 | github needs strategy matrix vars inputs
      JOB_SECRETS                 | github needs strategy matrix secrets inputs vars
      JOB_ENV                     | github needs strategy matrix vars secrets inputs
      JOB_OUTPUTS                 | github needs strategy matrix job runner env vars secrets steps inputs
      JOB_CONTAINER_ENV           | github needs strategy matrix job runner env vars secrets inputs
      STEP_RUN                    | github needs strategy matrix job runner env vars secrets steps inputs
      STEP_IF                     | github needs strategy matrix job runner env vars steps inputs
      ANY                         | github env vars secrets inputs job jobs steps runner strategy matrix needs
      """)
  void scopeAllowsExactlyTheDocumentedContexts(String name, String contexts) throws Exception {
    assertThat(scope(name).namedValues()).containsExactlyInAnyOrder(contexts.split(" "));
  }

  @Test
  void statusFunctionsOnlyInIfConditions() {
    assertThat(ExpressionScope.JOB_IF.extraFunctions())
        .containsExactlyInAnyOrder("always", "cancelled", "success", "failure");
    assertThat(ExpressionScope.STEP_IF.extraFunctions())
        .containsExactlyInAnyOrder("always", "cancelled", "success", "failure", "hashfiles");
    assertThat(ExpressionScope.STEP_RUN.extraFunctions()).containsExactly("hashfiles");
    assertThat(ExpressionScope.JOB_RUNS_ON.extraFunctions()).isEmpty();
  }

  @Test
  void namesCompareIgnoringCase() throws Exception {
    ExpressionScope s = new ExpressionScope(Set.of("GitHub"), Set.of("HashFiles"));
    assertThat(s.allowsNamedValue("GITHUB")).isTrue();
    assertThat(s.allowsFunction("hashfiles")).isTrue();
    assertThat(ExpressionParser.parse("GITHUB.ref", s)).isInstanceOf(Expr.Property.class);
  }

  @Test
  void secretsAreNotAvailableInStepIf() {
    assertThatThrownBy(() -> ExpressionParser.parse("secrets.TOKEN != ''", ExpressionScope.STEP_IF))
        .hasMessageStartingWith("Unrecognized named-value: 'secrets'");
  }

  @Test
  void alwaysAvailableFunctionsWorkInTheEmptyScope() throws Exception {
    assertThat(Evaluator.evaluate(ExpressionParser.parse("toJSON(fromJSON('[1]'))",
        ExpressionScope.NONE), EvaluationContext.empty()))
        .isEqualTo(new Value.StringValue("[\n  1\n]"));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', textBlock = """
      jobs.<job_id>.steps.if                            | STEP_IF
      jobs.<job_id>.if                                  | JOB_IF
      env                                               | WORKFLOW_ENV
      run-name                                          | RUN_NAME
      jobs.<job_id>.services.<service_id>.credentials   | JOB_CREDENTIALS
      on.workflow_call.outputs.<output_id>.value        | WORKFLOW_CALL_OUTPUT_VALUE
      """)
  void workflowKeysMapToTheirScopes(String key, String constant) throws Exception {
    assertThat(ExpressionScope.forKey(key)).contains(scope(constant));
  }

  @Test
  void unknownWorkflowKeyHasNoScope() {
    assertThat(ExpressionScope.forKey("jobs.<job_id>.nope")).isEmpty();
  }
}

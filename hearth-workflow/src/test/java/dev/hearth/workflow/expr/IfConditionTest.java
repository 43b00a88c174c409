package dev.hearth.workflow.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.workflow.expr.Value.ObjectValue;
import dev.hearth.workflow.expr.Value.StringValue;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class IfConditionTest {
  private static final EvaluationContext CTX = EvaluationContext.of(Map.of(
      "github", ObjectValue.of(Map.of("ref", new StringValue("refs/heads/main")))));

  private static boolean holds(String text, RunStatus status) throws ExpressionException {
    return IfCondition.parse(text, ExpressionScope.STEP_IF).evaluate(CTX.withStatus(status));
  }

  @ParameterizedTest(name = "if: {0} with {1} → {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      github.ref == 'refs/heads/main'               | SUCCESS   | true
      github.ref == 'refs/heads/main'               | FAILURE   | false
      github.ref == 'refs/heads/main'               | CANCELLED | false
      ${{ github.ref == 'refs/heads/main' }}        | SUCCESS   | true
      ${{ github.ref == 'refs/heads/main' }}        | FAILURE   | false
      ''                                            | SUCCESS   | true
      ''                                            | FAILURE   | false
      always()                                      | FAILURE   | true
      always()                                      | CANCELLED | true
      failure()                                     | FAILURE   | true
      failure()                                     | SUCCESS   | false
      cancelled()                                   | CANCELLED | true
      success()                                     | CANCELLED | false
      ${{ failure() && github.ref != '' }}          | FAILURE   | true
      !cancelled() && github.ref == 'x'             | FAILURE   | false
      ALWAYS()                                      | FAILURE   | true
      'false'                                       | SUCCESS   | true
      false                                         | SUCCESS   | false
      0                                             | SUCCESS   | false
      ${{ false }} && true                          | SUCCESS   | true
      """)
  void conditionHoldsAsGitHubDecides(String text, RunStatus status, boolean expected)
      throws Exception {
    assertThat(holds(text.equals("''") ? "" : text, status)).isEqualTo(expected);
  }

  @Test
  void impliedSuccessIsAddedOnlyWithoutStatusFunctions() throws Exception {
    assertThat(IfCondition.parse("github.ref", ExpressionScope.STEP_IF).expr())
        .isInstanceOf(Expr.Logical.class);
    assertThat(IfCondition.parse("always() || github.ref", ExpressionScope.STEP_IF).expr())
        .isInstanceOf(Expr.Logical.class)
        .satisfies(e -> assertThat(IfCondition.mentionsStatusFunction(e)).isTrue());
    assertThat(IfCondition.parse("contains(format('{0}', cancelled()), 'x')",
        ExpressionScope.STEP_IF).expr()).isInstanceOf(Expr.Call.class);
  }

  @Test
  void statusFunctionsAreUnknownWhereTheScopeForbidsThem() {
    assertThatThrownBy(() -> IfCondition.parse("always()", ExpressionScope.JOB_RUNS_ON))
        .hasMessageStartingWith("Unrecognized function: 'always'");
  }

  @Test
  void jobIfCannotUseMatrix() {
    assertThatThrownBy(() -> IfCondition.parse("matrix.os == 'x'", ExpressionScope.JOB_IF))
        .hasMessage("Unrecognized named-value: 'matrix'. Located at position 1 within "
            + "expression: matrix.os == 'x'");
  }

  @Test
  void parseErrorsKeepTheColumnInsideTheExpression() {
    assertThatThrownBy(() -> IfCondition.parse("${{ github.ref == }}", ExpressionScope.STEP_IF))
        .isInstanceOfSatisfying(ExpressionException.class,
            e -> assertThat(e.column()).isEqualTo(12));
  }
}

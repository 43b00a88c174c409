package dev.hearth.workflow.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.workflow.expr.Value.StringValue;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hostile inputs end in clear errors, quickly, and never in a crash or a hang. */
@Timeout(20)
class ExpressionRobustnessTest {

  private static Value eval(String expr) throws ExpressionException {
    return Evaluator.evaluate(ExpressionParser.parse(expr, ExpressionScope.ANY),
        EvaluationContext.empty());
  }

  @Test
  void tenThousandNestedParenthesesFailWithMaxDepthError() {
    String expr = "(".repeat(10_000) + "1" + ")".repeat(10_000);
    assertThatThrownBy(() -> eval(expr))
        .isInstanceOfSatisfying(ExpressionException.class, e -> {
          assertThat(e.kind()).isEqualTo(ExpressionException.Kind.PARSING);
          assertThat(e.getMessage()).startsWith("Exceeded max expression depth 50");
          assertThat(e.column()).isEqualTo(51);
        });
  }

  @Test
  void aLongExpressionIsQuotedAroundTheErrorNotWhole() {
    String expr = "(".repeat(10_000) + "1" + ")".repeat(10_000);
    assertThatThrownBy(() -> eval(expr)).hasMessage("Exceeded max expression depth 50. Located at position 51 "
        + "within expression: " + "(".repeat(200) + "…");
    String tail = "1 == 1 && ".repeat(50) + "nosuch";
    assertThatThrownBy(() -> eval(tail)).hasMessageEndingWith("within expression: …"
        + tail.substring(tail.length() - 200));
  }

  @Test
  void tenThousandNotsFailWithMaxDepthError() {
    assertThatThrownBy(() -> eval("!".repeat(10_000) + "true"))
        .hasMessageStartingWith("Exceeded max expression depth 50");
  }

  @Test
  @org.junit.jupiter.api.Timeout(30) // a hang guard with a wide margin, not a speed assertion
  void oneMegabyteExpressionIsRejectedForItsLength() {
    String expr = "'" + "a".repeat(1024 * 1024) + "'";
    assertThatThrownBy(() -> eval(expr))
        .isInstanceOfSatisfying(ExpressionException.class, e -> {
          assertThat(e.kind()).isEqualTo(ExpressionException.Kind.PARSING);
          assertThat(e.getMessage()).startsWith("Exceeded max expression length 21000");
          assertThat(e.expression()).hasSizeLessThan(300);
        });
  }

  @Test
  void longestAllowedComparisonChainEvaluatesWithoutDeepRecursion() throws Exception {
    String expr = "1" + " == 1".repeat(4_000);
    assertThat(expr.length()).isLessThan(Lexer.MAX_LENGTH);
    assertThat(eval(expr)).isEqualTo(Value.BoolValue.TRUE);
  }

  @Test
  void longLogicalChainEvaluates() throws Exception {
    assertThat(eval("false" + " || false".repeat(2_000) + " || 'last'"))
        .isEqualTo(new StringValue("last"));
  }

  @Test
  void deeplyNestedFromJsonFailsWithEvaluationError() {
    String json = "[".repeat(10_000) + "]".repeat(10_000);
    assertThatThrownBy(() -> eval("fromJSON('" + json + "')"))
        .isInstanceOfSatisfying(ExpressionException.class, e -> {
          assertThat(e.kind()).isEqualTo(ExpressionException.Kind.EVALUATION);
          assertThat(e.getMessage()).startsWith("Error parsing fromJSON").containsIgnoringCase("depth");
        });
  }

  @Test
  void moderatelyNestedFromJsonRoundTripsThroughToJson() throws Exception {
    String json = "[".repeat(500) + "]".repeat(500);
    Value v = eval("toJSON(fromJSON('" + json + "'))");
    assertThat(((StringValue) v).value()).startsWith("[\n  [\n    [").endsWith("]\n  ]\n]");
  }

  @Test
  void hugeStringsInFunctionResultsHitTheMemoryLimit() {
    Map<String, Value> ctx = Map.of("env", Value.ObjectValue.of(
        Map.of("BIG", new StringValue("x".repeat(100_000)))));
    String expr = "format('" + "{0}".repeat(10) + "', env.BIG)";
    assertThatThrownBy(() -> Evaluator.evaluate(
        ExpressionParser.parse(expr, ExpressionScope.ANY), EvaluationContext.of(ctx)))
        .isInstanceOfSatisfying(ExpressionException.class, e -> {
          assertThat(e.kind()).isEqualTo(ExpressionException.Kind.EVALUATION);
          assertThat(e.getMessage()).startsWith("The maximum allowed memory size was exceeded");
        });
  }

  @Test
  void hugeContextStringsAreSearchedQuickly() throws Exception {
    Map<String, Value> ctx = Map.of("env", Value.ObjectValue.of(
        Map.of("BIG", new StringValue("ab".repeat(2_000_000)))));
    Value v = Evaluator.evaluate(ExpressionParser.parse(
        "contains(env.BIG, 'abc') || endsWith(env.BIG, 'AB')", ExpressionScope.ANY),
        EvaluationContext.of(ctx));
    assertThat(v).isEqualTo(Value.BoolValue.TRUE);
  }

  @Test
  void deeplyNestedContextJsonIsRejectedByTheReaderNotTheStack() {
    String json = "{\"github\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
    assertThatThrownBy(() -> EvaluationContext.fromJson(new ObjectMapper().readTree(json)))
        .hasMessageContaining("depth");
  }

  @Test
  void unclosedTemplateInAMegabyteOfTextFailsQuickly() {
    String text = "x".repeat(1024 * 1024) + "${{ 'never closed";
    assertThatThrownBy(() -> Template.parse(text))
        .hasMessageStartingWith("The expression is not closed.");
  }
}

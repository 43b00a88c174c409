package dev.hearth.workflow.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.workflow.expr.Template.ExpressionPart;
import dev.hearth.workflow.expr.Template.LiteralPart;
import dev.hearth.workflow.expr.Value.NumberValue;
import dev.hearth.workflow.expr.Value.ObjectValue;
import dev.hearth.workflow.expr.Value.StringValue;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
  private static final EvaluationContext CTX = EvaluationContext.of(Map.of(
      "github", ObjectValue.of(Map.of("ref", new StringValue("refs/heads/main"),
          "run_number", new NumberValue(42), "event", ObjectValue.of(Map.of()))),
      "matrix", ObjectValue.of(Map.of("os", new StringValue("ubuntu"), "ratio", new NumberValue(0.5)))));

  @Test
  void plainTextHasNoExpressions() throws Exception {
    Template t = Template.parse("echo hello");
    assertThat(t.hasExpressions()).isFalse();
    assertThat(t.isSingleExpression()).isFalse();
    assertThat(t.parts()).containsExactly(new LiteralPart("echo hello", 0));
    assertThat(t.evaluate(ExpressionScope.NONE, CTX)).isEqualTo(new StringValue("echo hello"));
  }

  @Test
  void partsKeepTheirOffsetsInTheText() throws Exception {
    Template t = Template.parse("a ${{ github.ref }} b${{1}}");
    assertThat(t.parts()).containsExactly(new LiteralPart("a ", 0),
        new ExpressionPart("github.ref", 6), new LiteralPart(" b", 19),
        new ExpressionPart("1", 24));
    assertThat(t.hasExpressions()).isTrue();
    assertThat(t.isSingleExpression()).isFalse();
  }

  @Test
  void interpolationConvertsValuesGitHubsWay() throws Exception {
    Template t = Template.parse(
        "ref=${{ github.ref }} n=${{ github.run_number }} r=${{ matrix.ratio }} "
            + "none=${{ github.nope }} obj=${{ github.event }} b=${{ true }}");
    assertThat(t.compile(ExpressionScope.ANY).evaluateToString(CTX)).isEqualTo(
        "ref=refs/heads/main n=42 r=0.5 none= obj=Object b=true");
  }

  @Test
  void singleExpressionEvaluatesToTheValueItself() throws Exception {
    Template t = Template.parse("  ${{ github.event }}  ");
    assertThat(t.isSingleExpression()).isTrue();
    assertThat(t.evaluate(ExpressionScope.ANY, CTX)).isInstanceOf(ObjectValue.class);
    assertThat(Template.parse("${{ github.run_number }}").evaluate(ExpressionScope.ANY, CTX))
        .isEqualTo(new NumberValue(42));
  }

  @Test
  void closingBracesInsideAStringLiteralDoNotClose() throws Exception {
    Template t = Template.parse("${{ format('}}{0}', 'x') }}!");
    assertThat(t.parts()).containsExactly(new ExpressionPart("format('}}{0}', 'x')", 4),
        new LiteralPart("!", 27));
    assertThat(t.compile(ExpressionScope.NONE).evaluateToString(CTX)).isEqualTo("}x!");
  }

  @Test
  void escapedQuoteInsideStringKeepsTheStringOpen() throws Exception {
    Template t = Template.parse("${{ 'it''s }}' }}");
    assertThat(t.parts()).containsExactly(new ExpressionPart("'it''s }}'", 4));
    assertThat(t.evaluate(ExpressionScope.NONE, CTX)).isEqualTo(new StringValue("it's }}"));
  }

  @Test
  void unclosedExpressionIsAnErrorInGitHubsWords() {
    assertThatThrownBy(() -> Template.parse("run ${{ github.ref"))
        .isInstanceOfSatisfying(ExpressionException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("The expression is not closed. An unescaped ${{ "
              + "sequence was found, but the closing }} sequence was not found.");
          assertThat(e.column()).isEqualTo(5);
        });
  }

  @Test
  void closingInsideUnterminatedStringDoesNotCount() {
    assertThatThrownBy(() -> Template.parse("${{ 'abc }}"))
        .hasMessageStartingWith("The expression is not closed.");
  }

  @Test
  void emptyExpressionIsAnError() {
    assertThatThrownBy(() -> Template.parse("a ${{   }} b"))
        .hasMessageContaining("An expression was expected");
  }

  @Test
  void compileReportsParseErrorsWithColumnInsideTheExpression() {
    assertThatThrownBy(() -> Template.parse("x ${{ github.ref == nope }}").compile(ExpressionScope.RUN_NAME))
        .isInstanceOfSatisfying(ExpressionException.class, e -> {
          assertThat(e.column()).isEqualTo(15);
          assertThat(e.getMessage()).isEqualTo("Unrecognized named-value: 'nope'. Located at "
              + "position 15 within expression: github.ref == nope");
        });
  }

  @Test
  void evaluationErrorsNameTheExpression() throws Exception {
    CompiledTemplate t = Template.parse("v=${{ fromJSON('') }}").compile(ExpressionScope.NONE);
    assertThatThrownBy(() -> t.evaluate(CTX))
        .isInstanceOfSatisfying(ExpressionException.class, e -> {
          assertThat(e.kind()).isEqualTo(ExpressionException.Kind.EVALUATION);
          assertThat(e.getMessage()).contains("within expression: fromJSON('')");
          assertThat(e.column()).isEqualTo(1);
        });
  }

  @Test
  void dollarWithoutBracesIsLiteral() throws Exception {
    Template t = Template.parse("cost: $5 {{ x }} ${ y }");
    assertThat(t.hasExpressions()).isFalse();
  }
}

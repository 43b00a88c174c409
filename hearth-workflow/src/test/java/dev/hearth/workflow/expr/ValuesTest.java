package dev.hearth.workflow.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.workflow.expr.Value.ObjectValue;
import org.junit.jupiter.api.Test;

class ValuesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void jsonRoundTripKeepsKindsKeyOrderAndSpelling() throws Exception {
    JsonNode node = JSON.readTree("{\"Zeta\":1.5,\"alpha\":[null,true,\"s\"],\"Obj\":{}}");
    Value v = Values.fromJson(node);
    assertThat(v).isInstanceOf(ObjectValue.class);
    assertThat(Values.toJson(v)).isEqualTo(node);
    assertThat(((ObjectValue) v).get("ZETA")).isEqualTo(new Value.NumberValue(1.5));
  }

  @Test
  void nonFiniteNumbersBecomeJsonNull() {
    assertThat(Values.toJson(new Value.NumberValue(Double.NaN)).isNull()).isTrue();
    assertThat(Values.toJsonText(new Value.NumberValue(Double.POSITIVE_INFINITY))).isEqualTo("null");
  }

  @Test
  void contextFromJsonReadsEachFieldAsAContext() throws Exception {
    EvaluationContext ctx = EvaluationContext.fromJson(
        JSON.readTree("{\"github\":{\"ref\":\"refs/heads/x\"},\"ENV\":{\"A\":\"1\"}}"));
    Expr e = ExpressionParser.parse("format('{0}/{1}', github.ref, env.a)", ExpressionScope.ANY);
    assertThat(Coercion.toStr(Evaluator.evaluate(e, ctx))).isEqualTo("refs/heads/x/1");
  }

  @Test
  void contextFromJsonRejectsNonObjects() throws Exception {
    assertThatThrownBy(() -> EvaluationContext.fromJson(JSON.readTree("[1]")))
        .hasMessageContaining("must be a JSON object");
  }

  @Test
  void objectKeysDifferingOnlyInCaseKeepTheFirst() {
    ObjectValue o = ObjectValue.builder().put("Key", Value.BoolValue.TRUE)
        .put("KEY", Value.BoolValue.FALSE).build();
    assertThat(o.size()).isEqualTo(1);
    assertThat(o.get("key")).isEqualTo(Value.BoolValue.TRUE);
  }

  @Test
  void stringsEscapeAsJavaScriptDoes() {
    assertThat(Values.toJsonText(new Value.StringValue("q\"b\\\u0000\u001f\u2028é\ud800")))
        .isEqualTo("\"q\\\"b\\\\\\u0000\\u001f\u2028é\\ud800\"");
  }

  @Test
  void evaluatingTextReportsWhereEvaluationFailed() {
    assertThatThrownBy(() -> Evaluator.evaluate("1 == format('{1}', 2)", ExpressionScope.NONE,
        EvaluationContext.empty()))
        .hasMessage("The following format string references more arguments than were supplied: "
            + "{1}. Located at position 6 within expression: 1 == format('{1}', 2)");
  }
}

package dev.hearth.workflow.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hearth's own table of expression cases ({@code expr/rules.tsv}), each tied to a rule of
 * GitHub's expression documentation: literals, every operator, precedence, every coercion, every
 * function with its edge cases, contexts, and syntax errors with their columns.
 */
class ExpressionRulesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> rules() throws IOException {
    List<Arguments> out = new ArrayList<>();
    try (InputStream in = ExpressionRulesTest.class.getResourceAsStream("/expr/rules.tsv")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t", -1);
        if (cols.length != 3) {
          throw new IllegalStateException("rules.tsv line needs 3 tab-separated columns: " + line);
        }
        out.add(Arguments.of(cols[0], unescape(cols[1]), cols[2]));
      }
    }
    return out.stream();
  }

  static EvaluationContext context() throws IOException {
    try (InputStream in = ExpressionRulesTest.class.getResourceAsStream(
        "/expr/differential/context.json")) {
      return EvaluationContext.fromJson(JSON.readTree(in));
    }
  }

  static ExpressionScope scope() throws IOException {
    return ExpressionScope.ANY.withNamedValues("nums", "mixed", "nested");
  }

  @ParameterizedTest(name = "[{0}] {1} → {2}")
  @MethodSource("rules")
  void expressionFollowsGitHubsDocumentedRule(String rule, String expr, String expected)
      throws Exception {
    EvaluationContext ctx = context();
    ExpressionScope scope = scope();
    if (expected.startsWith("parse@")) {
      int colon = expected.indexOf(':');
      int column = Integer.parseInt(expected.substring(6, colon));
      assertThatThrownBy(() -> ExpressionParser.parse(expr, scope))
          .isInstanceOfSatisfying(ExpressionException.class, e -> {
            assertThat(e.kind()).isEqualTo(ExpressionException.Kind.PARSING);
            assertThat(e.column()).as("column").isEqualTo(column);
            assertThat(e.getMessage()).contains(expected.substring(colon + 1));
          });
      return;
    }
    Expr parsed = ExpressionParser.parse(expr, scope);
    if (expected.startsWith("eval:")) {
      assertThatThrownBy(() -> Evaluator.evaluate(parsed, ctx))
          .isInstanceOfSatisfying(ExpressionException.class, e -> {
            assertThat(e.kind()).isEqualTo(ExpressionException.Kind.EVALUATION);
            assertThat(e.getMessage()).contains(expected.substring(5));
          });
      return;
    }
    assertValue(Evaluator.evaluate(parsed, ctx), expected);
  }

  static void assertValue(Value actual, String expected) throws IOException {
    int colon = expected.indexOf(':');
    String kind = colon < 0 ? expected : expected.substring(0, colon);
    String body = colon < 0 ? "" : expected.substring(colon + 1);
    switch (kind) {
      case "null" -> assertThat(actual).isEqualTo(Value.NullValue.INSTANCE);
      case "bool" -> assertThat(actual).isEqualTo(Value.BoolValue.of(Boolean.parseBoolean(body)));
      case "num" -> assertThat(Double.valueOf(((Value.NumberValue) actual).value()))
          .isEqualTo(Double.valueOf(body));
      case "str" -> assertThat(actual).isEqualTo(new Value.StringValue(unescape(body)));
      case "array", "object" -> {
        JsonNode node = JSON.readTree(body);
        assertThat(actual.kindName()).isEqualTo(kind.equals("array") ? "Array" : "Object");
        assertThat(Values.toJsonText(actual)).isEqualTo(Values.toJsonText(Values.fromJson(node)));
      }
      default -> throw new IllegalStateException("unknown expectation " + expected);
    }
  }

  /** {@code \n}, {@code \t} and {@code \\} as in the table. */
  static String unescape(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() && "nt\\".indexOf(s.charAt(i + 1)) >= 0) {
        char n = s.charAt(++i);
        sb.append(n == 'n' ? '\n' : n == 't' ? '\t' : '\\');
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

}

package dev.hearth.workflow.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.workflow.expr.EvaluationContext;
import dev.hearth.workflow.expr.Evaluator;
import dev.hearth.workflow.expr.ExpressionException;
import dev.hearth.workflow.expr.ExpressionParser;
import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.expr.Value;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The expression parser and evaluator on random expressions built from the grammar's tokens and on
 * random text: parsing gives a tree or an {@link ExpressionException} of kind PARSING with a column
 * inside the text; evaluating a tree gives a value or an {@link ExpressionException} (never another
 * exception type), within a bounded time. jqwik prints the seed of a failing run.
 */
class ExpressionPropertiesTest {
  private static final EvaluationContext CONTEXT;

  static {
    try {
      CONTEXT = EvaluationContext.fromJson(new ObjectMapper().readTree("""
          {"github": {"ref": "refs/heads/main", "event": {"commits": [{"id": "a"}, {"id": null}], "n": 3.5}},
           "env": {"A": "1", "EMPTY": ""}, "matrix": {"os": ["x", "y"], "n": 2},
           "steps": {"s": {"outputs": {"o": "{\\"k\\": [1, 2]}"}, "outcome": "success"}},
           "needs": {}, "secrets": {"T": "s3cret"}, "inputs": {"flag": true}, "vars": {}, "runner": {"os": "Linux"},
           "job": {"status": "success"}, "strategy": {"fail-fast": true}}
          """));
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final String[] ATOMS = {
    "github", "github.ref", "github.event.commits.*.id", "github.event['n']", "env.A", "env.MISSING", "matrix.os[0]",
    "matrix.os[9]", "steps.s.outputs.o", "secrets.T", "inputs.flag", "needs", "job", "runner.os", "strategy",
    "'str'", "'it''s'", "''", "1", "-1", "0x1F", "1e3", "1.5", "-0", "Infinity", "NaN", "true", "false", "null",
    "nope.x", "fromJSON(steps.s.outputs.o)", "fromJSON('[1,{\"a\":2}]')", "fromJSON('bad')", "toJSON(matrix)",
    "format('{0}-{1}', 1)", "format('{{x}}{0}', github)", "format('{9}')", "contains(matrix.os, 'x')",
    "startsWith(github.ref, 'refs')", "endsWith(1, 1)", "join(matrix.os, ',')", "join(github)", "success()",
    "failure()", "always()", "cancelled()", "hashFiles('**')", "unknownFn()", "contains()"
  };

  private static final String[] BINARY = {" == ", " != ", " && ", " || ", " < ", " <= ", " > ", " >= "};

  @Provide
  Arbitrary<String> expressions() {
    return Arbitraries.recursive(
        () -> Arbitraries.of(ATOMS),
        inner -> Arbitraries.oneOf(
            inner.map(e -> "!" + e),
            inner.map(e -> "(" + e + ")"),
            inner.map(e -> e + "[" + "'x'" + "]"),
            inner.map(e -> e + ".*"),
            Arbitraries.of(BINARY).flatMap(op -> inner.list().ofSize(2).map(l -> l.get(0) + op + l.get(1))),
            inner.map(e -> "format('{0}', " + e + ")"),
            inner.map(e -> "toJSON(" + e + ")")),
        3);
  }

  @Provide
  Arbitrary<String> brokenExpressions() {
    Arbitrary<String> token = Arbitraries.oneOf(Arbitraries.of(ATOMS), Arbitraries.of(BINARY),
        Arbitraries.of("(", ")", "[", "]", ",", ".", "*", "!", "'", "=", "&", "|", "${{", "}}", " ", "0x", "1e", "\\"));
    return token.list().ofMaxSize(12).map(parts -> String.join("", parts));
  }

  @Property(tries = 500)
  void wellFormedExpressionsEvaluateToAValueOrAnExpressionError(@ForAll("expressions") String text) {
    check(text);
  }

  @Property(tries = 500)
  void tokenSoupParsesOrFailsWithAColumnInsideIt(@ForAll("brokenExpressions") String text) {
    check(text);
  }

  @Property(tries = 300)
  void randomTextParsesOrFailsWithAColumnInsideIt(@ForAll String text) {
    check(text);
  }

  private static void check(String text) {
    Object parsed = Bounded.call(text, () -> ExpressionParser.parse(text, ExpressionScope.STEP_RUN));
    if (parsed instanceof ExpressionException e) {
      assertThat(e.getMessage()).as("message for '%s'", text).isNotBlank();
      assertThat(e.column()).as("column of '%s' in '%s'", e.getMessage(), text).isBetween(0, text.length() + 1);
      return;
    }
    assertThat(parsed).as("parsing '%s' threw", text).isNotInstanceOf(Throwable.class);
    Object value = Bounded.call(text, () -> Evaluator.evaluate(text, ExpressionScope.STEP_RUN, CONTEXT));
    assertThat(value).as("evaluating '%s'", text).satisfiesAnyOf(
        v -> assertThat(v).isInstanceOf(Value.class),
        v -> assertThat(v).isInstanceOf(ExpressionException.class));
  }
}

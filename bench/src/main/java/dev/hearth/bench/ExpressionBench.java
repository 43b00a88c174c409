package dev.hearth.bench;

import dev.hearth.workflow.expr.EvaluationContext;
import dev.hearth.workflow.expr.Evaluator;
import dev.hearth.workflow.expr.Expr;
import dev.hearth.workflow.expr.ExpressionException;
import dev.hearth.workflow.expr.ExpressionParser;
import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.expr.Value;
import dev.hearth.workflow.expr.Value.ObjectValue;
import dev.hearth.workflow.expr.Value.StringValue;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Evaluation throughput of typical {@code if:} expressions on a prebuilt context; parsing is done
 * once in setup and excluded. Target: at least 1,000,000 evaluations per second on one core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ExpressionBench {
  private Expr simple;
  private Expr richer;
  private EvaluationContext context;

  @Setup
  public void setUp() throws ExpressionException {
    simple = ExpressionParser.parse(
        "github.event_name == 'push' && contains(github.ref, 'main')", ExpressionScope.ANY);
    richer = ExpressionParser.parse("startsWith(github.ref, 'refs/heads/') && "
        + "(matrix.os == 'ubuntu-latest' || github.event.head_commit.message != '') && "
        + "!contains(github.event.labels.*.name, 'skip-ci')", ExpressionScope.ANY);
    ObjectValue event = ObjectValue.of(Map.of(
        "head_commit", ObjectValue.of(Map.of("message", new StringValue("Fix the build"))),
        "labels", Value.ArrayValue.of(java.util.List.of(
            ObjectValue.of(Map.of("name", new StringValue("bug"))),
            ObjectValue.of(Map.of("name", new StringValue("ci")))))));
    context = EvaluationContext.of(Map.of(
        "github", ObjectValue.of(Map.of(
            "event_name", new StringValue("push"),
            "ref", new StringValue("refs/heads/main"),
            "repository", new StringValue("octo-org/hearth"),
            "event", event)),
        "matrix", ObjectValue.of(Map.of("os", new StringValue("ubuntu-latest")))));
  }

  @Benchmark
  public Value simpleCondition() throws ExpressionException {
    return Evaluator.evaluate(simple, context);
  }

  @Benchmark
  public Value richerCondition() throws ExpressionException {
    return Evaluator.evaluate(richer, context);
  }
}

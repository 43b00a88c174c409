package dev.hearth.engine;

import dev.hearth.workflow.expr.EvaluationContext;
import dev.hearth.workflow.expr.Evaluator;
import dev.hearth.workflow.expr.Coercion;
import dev.hearth.workflow.expr.Expr;
import dev.hearth.workflow.expr.ExprFunction;
import dev.hearth.workflow.expr.ExpressionException;
import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.expr.IfCondition;
import dev.hearth.workflow.expr.RunStatus;
import dev.hearth.workflow.expr.Value;
import java.util.List;
import java.util.Map;

/**
 * A job's {@code if}, as GitHub decides it: the status functions look at every job it needs,
 * directly or through others. {@code failure()} is true when any of them failed, {@code cancelled()}
 * when the run was cancelled, and {@code success()} only when all of them succeeded — so a job
 * whose need was skipped is skipped too, unless its condition says otherwise.
 */
final class JobCondition {
  private JobCondition() {}

  /** The status the job's condition sees. */
  static RunStatus status(List<String> transitiveNeeds, Map<String, JobSummary> finished, boolean runCancelled) {
    if (runCancelled) return RunStatus.CANCELLED;
    for (String id : transitiveNeeds) {
      JobSummary need = finished.get(id);
      if (need != null && need.result() == Conclusion.FAILURE) return RunStatus.FAILURE;
    }
    return RunStatus.SUCCESS;
  }

  /** True when every job needed (transitively) succeeded. */
  static boolean needsSucceeded(List<String> transitiveNeeds, Map<String, JobSummary> finished) {
    for (String id : transitiveNeeds) {
      JobSummary need = finished.get(id);
      if (need == null || need.result() != Conclusion.SUCCESS) return false;
    }
    return true;
  }

  /**
   * Evaluates {@code text} (the job's {@code if}; null or blank means {@code success()}) in the
   * {@code JOB_IF} scope.
   */
  static boolean holds(String text, EvaluationContext context, boolean needsSucceeded) throws ExpressionException {
    IfCondition condition = IfCondition.parse(text == null ? "" : text, ExpressionScope.JOB_IF);
    Expr expr = needsSucceeded ? condition.expr() : withoutSuccess(condition.expr());
    return Coercion.truthy(Evaluator.evaluate(expr, context));
  }

  /** {@code expr} with every {@code success()} replaced by {@code false}. */
  static Expr withoutSuccess(Expr expr) {
    return switch (expr) {
      case Expr.Call c when c.function() == ExprFunction.SUCCESS -> new Expr.Literal(Value.BoolValue.FALSE, c.column());
      case Expr.Call c -> new Expr.Call(c.function(), c.name(), c.args().stream().map(JobCondition::withoutSuccess).toList(),
          c.column());
      case Expr.Compare c -> new Expr.Compare(withoutSuccess(c.left()), c.op(), withoutSuccess(c.right()), c.column());
      case Expr.Logical l -> new Expr.Logical(l.op(), l.operands().stream().map(JobCondition::withoutSuccess).toList(),
          l.column());
      case Expr.Not n -> new Expr.Not(withoutSuccess(n.operand()), n.column());
      case Expr.Group g -> new Expr.Group(withoutSuccess(g.inner()), g.column());
      case Expr.Property p -> new Expr.Property(withoutSuccess(p.target()), p.name(), p.lowerName(), p.column());
      case Expr.Index i -> new Expr.Index(withoutSuccess(i.target()), withoutSuccess(i.index()), i.column());
      case Expr.Wildcard w -> new Expr.Wildcard(withoutSuccess(w.target()), w.column());
      case Expr.Literal l -> l;
      case Expr.NamedValue n -> n;
    };
  }
}

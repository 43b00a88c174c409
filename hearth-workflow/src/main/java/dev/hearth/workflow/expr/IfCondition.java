package dev.hearth.workflow.expr;

import dev.hearth.workflow.expr.Expr.Call;
import dev.hearth.workflow.expr.Expr.Compare;
import dev.hearth.workflow.expr.Expr.Group;
import dev.hearth.workflow.expr.Expr.Index;
import dev.hearth.workflow.expr.Expr.Literal;
import dev.hearth.workflow.expr.Expr.Logical;
import dev.hearth.workflow.expr.Expr.LogicalOp;
import dev.hearth.workflow.expr.Expr.NamedValue;
import dev.hearth.workflow.expr.Expr.Not;
import dev.hearth.workflow.expr.Expr.Property;
import dev.hearth.workflow.expr.Expr.Wildcard;
import dev.hearth.workflow.expr.Template.ExpressionPart;
import dev.hearth.workflow.expr.Template.LiteralPart;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A job or step {@code if:}. The text is a bare expression or one {@code ${{ }}}; an empty text
 * means {@code success()}. Without a status function anywhere in it, the condition means
 * {@code success() && (condition)}, as GitHub documents. Text mixing literals and
 * {@code ${{ }}} is, as on GitHub, a string (so usually true).
 *
 * @param text the condition as written
 * @param expr the effective condition, {@code success() &&} included when implied
 */
public record IfCondition(String text, Expr expr) {

  /**
   * Parses an {@code if:} value for {@code scope} (normally {@link ExpressionScope#JOB_IF} or
   * {@link ExpressionScope#STEP_IF}, which allow the status functions).
   *
   * @throws ExpressionException (PARSING) with the column inside the expression
   */
  public static IfCondition parse(String text, ExpressionScope scope) throws ExpressionException {
    String trimmed = text.strip();
    Expr parsed;
    if (trimmed.isEmpty()) {
      parsed = null;
    } else if (!trimmed.contains(Template.OPEN)) {
      parsed = ExpressionParser.parse(trimmed, scope);
    } else {
      parsed = fromTemplate(Template.parse(trimmed), scope);
    }
    Call success = new Call(ExprFunction.SUCCESS, "success", List.of(), 1);
    if (parsed == null) {
      return new IfCondition(text, success);
    }
    if (mentionsStatusFunction(parsed)) {
      return new IfCondition(text, parsed);
    }
    Expr implied = new Logical(LogicalOp.AND, List.of(success, new Group(parsed, 1)), 1);
    return new IfCondition(text, implied);
  }

  private static Expr fromTemplate(Template t, ExpressionScope scope) throws ExpressionException {
    if (t.isSingleExpression()) {
      for (Template.Part p : t.parts()) {
        if (p instanceof ExpressionPart e) {
          return ExpressionParser.parse(e.expression(), scope);
        }
      }
    }
    StringBuilder format = new StringBuilder();
    List<Expr> args = new ArrayList<>();
    args.add(null);
    for (Template.Part p : t.parts()) {
      switch (p) {
        case LiteralPart l -> format.append(l.text().replace("{", "{{").replace("}", "}}"));
        case ExpressionPart e -> {
          format.append('{').append(args.size() - 1).append('}');
          args.add(ExpressionParser.parse(e.expression(), scope));
        }
      }
    }
    args.set(0, new Literal(new Value.StringValue(format.toString()), 1));
    return new Call(ExprFunction.FORMAT, "format", args, 1);
  }

  /** True when {@code expr} calls success, always, cancelled or failure anywhere. */
  public static boolean mentionsStatusFunction(Expr expr) {
    Deque<Expr> todo = new ArrayDeque<>();
    todo.push(expr);
    while (!todo.isEmpty()) {
      switch (todo.pop()) {
        case Call c -> {
          if (c.function().isStatusFunction()) {
            return true;
          }
          c.args().forEach(todo::push);
        }
        case Compare c -> {
          todo.push(c.left());
          todo.push(c.right());
        }
        case Logical l -> l.operands().forEach(todo::push);
        case Not n -> todo.push(n.operand());
        case Group g -> todo.push(g.inner());
        case Property p -> todo.push(p.target());
        case Index i -> {
          todo.push(i.target());
          todo.push(i.index());
        }
        case Wildcard w -> todo.push(w.target());
        case Literal l -> { }
        case NamedValue n -> { }
      }
    }
    return false;
  }

  /**
   * True when the condition holds (its value is truthy).
   *
   * @throws ExpressionException (EVALUATION) when evaluation fails
   */
  public boolean evaluate(EvaluationContext context) throws ExpressionException {
    return Coercion.truthy(Evaluator.evaluate(expr, context));
  }
}

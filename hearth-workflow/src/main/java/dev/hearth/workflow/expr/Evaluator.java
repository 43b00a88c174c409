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
import dev.hearth.workflow.expr.Value.BoolValue;
import dev.hearth.workflow.expr.Value.NullValue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Evaluates a syntax tree against an {@link EvaluationContext}. {@code &&} and {@code ||}
 * short-circuit and return the deciding operand; everything else evaluates all operands. One
 * evaluation may build at most {@link #MAX_MEMORY_BYTES} of strings in function results, as
 * GitHub limits it. Instances are single-use and not thread-safe; use {@link #evaluate}.
 */
public final class Evaluator {
  /** GitHub's memory limit for one evaluation, counted as two bytes a character. */
  public static final long MAX_MEMORY_BYTES = 1024 * 1024;

  private final EvaluationContext context;
  private long memory;

  private Evaluator(EvaluationContext context) {
    this.context = context;
  }

  /**
   * The value of {@code expr} in {@code context}.
   *
   * @throws ExpressionException of kind EVALUATION, with the column of the failing node; the tree
   *     does not keep its source text, so {@code expression()} is empty (the text-taking overload
   *     and {@link CompiledTemplate} fill it in)
   */
  public static Value evaluate(Expr expr, EvaluationContext context) throws ExpressionException {
    return new Evaluator(context).eval(expr);
  }

  /**
   * Parses {@code text} for {@code scope} and evaluates it in {@code context}: the entry point
   * for evaluating one expression given as text (as {@code hearth eval} does). Errors of both
   * kinds say where they happened within the expression.
   *
   * @throws ExpressionException of kind PARSING or EVALUATION
   */
  public static Value evaluate(String text, ExpressionScope scope, EvaluationContext context)
      throws ExpressionException {
    Expr expr = ExpressionParser.parse(text, scope);
    try {
      return evaluate(expr, context);
    } catch (ExpressionException e) {
      throw new ExpressionException(e.kind(), ExpressionException.located(e.getMessage(), e.column(), text),
          text, e.column());
    }
  }

  Value eval(Expr expr) throws ExpressionException {
    return switch (expr) {
      case Literal l -> l.value();
      case NamedValue n -> orNull(context.lookup(n.name()));
      case Not n -> BoolValue.of(!Coercion.truthy(eval(n.operand())));
      case Compare c -> compareChain(c);
      case Logical l -> logical(l);
      case Group g -> eval(g.inner());
      case Property p -> Access.property(eval(p.target()), p.lowerName());
      case Index i -> index(i);
      case Wildcard w -> Access.wildcard(eval(w.target()));
      case Call c -> Functions.call(this, c);
    };
  }

  private Value index(Index i) throws ExpressionException {
    Value key = eval(i.index());
    return Access.index(eval(i.target()), key);
  }

  private Value logical(Logical l) throws ExpressionException {
    boolean and = l.op() == LogicalOp.AND;
    Value result = NullValue.INSTANCE;
    for (Expr operand : l.operands()) {
      result = eval(operand);
      if (Coercion.truthy(result) != and) {
        break;
      }
    }
    return result;
  }

  /** Evaluates a left-nested chain such as {@code a < b < c} without recursing along it. */
  private Value compareChain(Compare top) throws ExpressionException {
    if (!(top.left() instanceof Compare)) {
      Value left = eval(top.left());
      return BoolValue.of(compare(top, left, eval(top.right())));
    }
    Deque<Compare> spine = new ArrayDeque<>();
    Expr e = top;
    while (e instanceof Compare c) {
      spine.push(c);
      e = c.left();
    }
    Value left = eval(e);
    while (!spine.isEmpty()) {
      Compare c = spine.pop();
      left = BoolValue.of(compare(c, left, eval(c.right())));
    }
    return left;
  }

  private static boolean compare(Compare c, Value l, Value r) {
    return switch (c.op()) {
      case EQ -> Coercion.looseEquals(l, r);
      case NE -> !Coercion.looseEquals(l, r);
      case LT -> Coercion.lessThan(l, r);
      case LE -> Coercion.looseEquals(l, r) || Coercion.lessThan(l, r);
      case GT -> Coercion.greaterThan(l, r);
      case GE -> Coercion.looseEquals(l, r) || Coercion.greaterThan(l, r);
    };
  }

  List<Value> evalAll(List<Expr> args) throws ExpressionException {
    List<Value> values = new ArrayList<>(args.size());
    for (Expr a : args) {
      values.add(eval(a));
    }
    return values;
  }

  EvaluationContext context() {
    return context;
  }

  /** Accounts for a string built by a function; fails once the evaluation holds too much. */
  String charge(String built, Expr at) throws ExpressionException {
    memory += 2L * built.length() + 32;
    if (memory > MAX_MEMORY_BYTES) {
      throw error("The maximum allowed memory size was exceeded (" + MAX_MEMORY_BYTES
          + " bytes of strings built while evaluating the expression)", at);
    }
    return built;
  }

  static ExpressionException error(String message, Expr at) {
    return new ExpressionException(ExpressionException.Kind.EVALUATION, message, "", at.column());
  }

  private static Value orNull(Value v) {
    return v == null ? NullValue.INSTANCE : v;
  }
}

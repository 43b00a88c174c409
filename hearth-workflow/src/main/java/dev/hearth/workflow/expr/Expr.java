package dev.hearth.workflow.expr;

import java.util.List;

/**
 * A parsed {@code ${{ }}} expression: a syntax tree whose every node keeps the 1-based column
 * of its first character in the expression text. {@link Evaluator} evaluates it with one
 * exhaustive switch. Build trees with {@link ExpressionParser#parse}.
 */
public sealed interface Expr {

  /** 1-based column of the node's first character inside the expression. */
  int column();

  /** {@code null}, {@code true}, a number or a string. */
  record Literal(Value value, int column) implements Expr {}

  /** A context such as {@code github}; {@code name} as written, looked up ignoring case. */
  record NamedValue(String name, int column) implements Expr {}

  /** {@code !operand}. */
  record Not(Expr operand, int column) implements Expr {}

  /** {@code left op right} for {@code == != < <= > >=}. */
  record Compare(Expr left, CompareOp op, Expr right, int column) implements Expr {}

  /** {@code a && b && …} or {@code a || b || …}: returns the deciding operand itself. */
  record Logical(LogicalOp op, List<Expr> operands, int column) implements Expr {
    public Logical {
      operands = List.copyOf(operands);
    }
  }

  /** {@code ( inner )}. Kept so that only groups, calls and contexts can be dereferenced. */
  record Group(Expr inner, int column) implements Expr {}

  /** {@code target.name}: property access; {@code lowerName} is the case-folded key. */
  record Property(Expr target, String name, String lowerName, int column) implements Expr {}

  /** {@code target[index]}. */
  record Index(Expr target, Expr index, int column) implements Expr {}

  /** {@code target.*} or {@code target[*]}: the elements or property values, as a filter. */
  record Wildcard(Expr target, int column) implements Expr {}

  /** A call of a built-in or scope-provided function. */
  record Call(ExprFunction function, String name, List<Expr> args, int column) implements Expr {
    public Call {
      args = List.copyOf(args);
    }
  }

  /** The comparison operators. */
  enum CompareOp {
    EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

    private final String symbol;

    CompareOp(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  /** The logical operators. */
  enum LogicalOp {
    AND("&&"), OR("||");

    private final String symbol;

    LogicalOp(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }
}

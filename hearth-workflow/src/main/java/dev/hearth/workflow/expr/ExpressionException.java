package dev.hearth.workflow.expr;

/**
 * An expression that cannot be parsed or evaluated. {@link #column()} counts from 1 within the
 * expression text (the part between {@code ${{} and {@code }}}); the message says what was
 * found there and what was expected.
 */
public final class ExpressionException extends Exception {
  private static final long serialVersionUID = 1L;

  /** GitHub's two error kinds: a syntax error found while parsing, or a failure while evaluating. */
  public enum Kind { PARSING, EVALUATION }

  private final Kind kind;
  private final int column;
  private final String expression;

  public ExpressionException(Kind kind, String message, String expression, int column) {
    super(message);
    this.kind = kind;
    this.expression = expression;
    this.column = column;
  }

  public Kind kind() {
    return kind;
  }

  /** 1-based column inside the expression, or 0 when the error is not tied to one place. */
  public int column() {
    return column;
  }

  public String expression() {
    return expression;
  }
}

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

  /** Longest expression quoted whole in a message; a longer one is quoted around the error's column. */
  static final int MAX_QUOTED = 200;

  /**
   * GitHub's wording: {@code "<what>. Located at position <column> within expression: <expression>"}.
   * An expression over {@link #MAX_QUOTED} characters is shortened to the text around the column,
   * marked with "…", so one hostile expression cannot make a message of many kilobytes.
   */
  static String located(String what, int column, String expression) {
    return what + ". Located at position " + column + " within expression: " + excerpt(expression, column);
  }

  private static String excerpt(String expression, int column) {
    if (expression.length() <= MAX_QUOTED) return expression;
    int half = MAX_QUOTED / 2;
    int from = Math.max(0, Math.min(column - 1 - half, expression.length() - MAX_QUOTED));
    int to = Math.min(expression.length(), from + MAX_QUOTED);
    return (from > 0 ? "…" : "") + expression.substring(from, to) + (to < expression.length() ? "…" : "");
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

package dev.hearth.workflow.expr;

/**
 * A string value that may hold {@code ${{ }}} expressions. STUB: the expressions work fills it in;
 * the workflow parser relies on these three methods.
 */
public final class Template {
  private Template() {}

  /** Splits {@code text} into literal parts and expressions; fails on an unclosed {@code ${{}. */
  public static Template parse(String text) throws ExpressionException {
    throw new UnsupportedOperationException("templates not built yet");
  }

  /** True when the text holds at least one {@code ${{ }}}. */
  public boolean hasExpressions() {
    throw new UnsupportedOperationException();
  }

  /** True when the whole text (trimmed) is one {@code ${{ }}}. */
  public boolean isSingleExpression() {
    throw new UnsupportedOperationException();
  }
}

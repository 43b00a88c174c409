package dev.hearth.workflow.expr;

/** STUB: the expressions work replaces the body; the signature is what the workflow parser calls. */
public final class ExpressionParser {
  private ExpressionParser() {}

  /** Parses the text between {@code ${{} and {@code }}}, allowing only what {@code scope} names. */
  public static Expr parse(String text, ExpressionScope scope) throws ExpressionException {
    throw new UnsupportedOperationException("expression parser not built yet");
  }
}

package dev.hearth.workflow.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * A string value that may hold {@code ${{ }}} expressions, split into literal and expression
 * parts. A {@code }}} inside a quoted string literal does not close an expression. Parsing only
 * splits; {@link #compile} parses the expressions for a scope and {@link #evaluate} runs them.
 */
public final class Template {
  static final String OPEN = "${{";
  static final String CLOSE = "}}";

  /** One part of a template. {@code offset} is its 0-based index in the template text. */
  public sealed interface Part {
    int offset();
  }

  /** Text taken as it is. */
  public record LiteralPart(String text, int offset) implements Part {}

  /** The expression between {@code ${{} and {@code }}}, trimmed; offset of its first character. */
  public record ExpressionPart(String expression, int offset) implements Part {}

  private final String text;
  private final List<Part> parts;

  private Template(String text, List<Part> parts) {
    this.text = text;
    this.parts = List.copyOf(parts);
  }

  /**
   * Splits {@code text} into literal parts and expressions.
   *
   * @throws ExpressionException (PARSING) on a {@code ${{} without its {@code }}}, or an empty
   *     {@code ${{ }}}; the column is that of the {@code ${{} in the text
   */
  public static Template parse(String text) throws ExpressionException {
    List<Part> parts = new ArrayList<>();
    int index = 0;
    int open;
    while ((open = text.indexOf(OPEN, index)) >= 0) {
      if (open > index) {
        parts.add(new LiteralPart(text.substring(index, open), index));
      }
      int close = findClose(text, open + OPEN.length());
      if (close < 0) {
        throw new ExpressionException(ExpressionException.Kind.PARSING,
            "The expression is not closed. An unescaped ${{ sequence was found, but the closing }}"
                + " sequence was not found.", text, open + 1);
      }
      parts.add(expressionPart(text, open, close));
      index = close + CLOSE.length();
    }
    if (index < text.length()) {
      parts.add(new LiteralPart(text.substring(index), index));
    }
    return new Template(text, parts);
  }

  /** Index of the {@code }}} closing an expression whose text starts at {@code from}, or -1. */
  private static int findClose(String text, int from) {
    boolean inString = false;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'') {
        inString = !inString;
      } else if (!inString && c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
        return i;
      }
    }
    return -1;
  }

  private static Part expressionPart(String text, int open, int close) throws ExpressionException {
    int start = open + OPEN.length();
    int end = close;
    while (start < end && JsNumbers.isWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start && JsNumbers.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (start == end) {
      throw new ExpressionException(ExpressionException.Kind.PARSING,
          "An expression was expected between ${{ and }}.", text, open + 1);
    }
    return new ExpressionPart(text.substring(start, end), start);
  }

  public String text() {
    return text;
  }

  public List<Part> parts() {
    return parts;
  }

  /** True when the text holds at least one {@code ${{ }}}. */
  public boolean hasExpressions() {
    return parts.stream().anyMatch(p -> p instanceof ExpressionPart);
  }

  /** True when the whole text (trimmed) is one {@code ${{ }}}. */
  public boolean isSingleExpression() {
    int expressions = 0;
    for (Part p : parts) {
      if (p instanceof ExpressionPart) {
        expressions++;
      } else if (!((LiteralPart) p).text().isBlank()) {
        return false;
      }
    }
    return expressions == 1;
  }

  /**
   * Parses every expression for {@code scope}.
   *
   * @throws ExpressionException (PARSING) for the first expression that does not parse; its
   *     column counts within that expression
   */
  public CompiledTemplate compile(ExpressionScope scope) throws ExpressionException {
    return CompiledTemplate.of(this, scope);
  }

  /** {@code compile(scope).evaluate(context)}. */
  public Value evaluate(ExpressionScope scope, EvaluationContext context)
      throws ExpressionException {
    return compile(scope).evaluate(context);
  }

  @Override
  public String toString() {
    return text;
  }
}

package dev.hearth.workflow.expr;

import dev.hearth.workflow.expr.Token.Type;
import dev.hearth.workflow.expr.Value.NumberValue;
import dev.hearth.workflow.expr.Value.StringValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an expression into tokens following GitHub's lexer: numbers are read up to the next
 * boundary character and must convert as JavaScript's {@code Number()} does; identifiers are
 * letters, digits, {@code _} and {@code -}; {@code true false null NaN Infinity} are keywords
 * except right after a dot.
 */
final class Lexer {
  /** GitHub's limit on the length of one expression. */
  static final int MAX_LENGTH = 21_000;

  private final String input;
  private final List<Token> tokens = new ArrayList<>();
  private int start;
  private int offset;

  private Lexer(String input) {
    this.input = input;
  }

  /** The tokens of {@code input}, ending with an EOF token. */
  static List<Token> lex(String input) throws ExpressionException {
    if (input.length() > MAX_LENGTH) {
      throw new ExpressionException(ExpressionException.Kind.PARSING,
          "Exceeded max expression length " + MAX_LENGTH + " (the expression has "
              + input.length() + " characters)", shorten(input), 0);
    }
    Lexer lexer = new Lexer(input);
    lexer.run();
    return lexer.tokens;
  }

  private void run() throws ExpressionException {
    while (offset < input.length()) {
      start = offset;
      char c = input.charAt(offset++);
      switch (c) {
        case '(' -> add(Type.LEFT_PAREN);
        case ')' -> add(Type.RIGHT_PAREN);
        case '[' -> add(Type.LEFT_BRACKET);
        case ']' -> add(Type.RIGHT_BRACKET);
        case ',' -> add(Type.COMMA);
        case '*' -> add(Type.STAR);
        case '.' -> dot();
        case '-', '+' -> number();
        case '!' -> add(match('=') ? Type.BANG_EQUAL : Type.BANG);
        case '<' -> add(match('=') ? Type.LESS_EQUAL : Type.LESS);
        case '>' -> add(match('=') ? Type.GREATER_EQUAL : Type.GREATER);
        case '=' -> doubled('=', Type.EQUAL_EQUAL);
        case '&' -> doubled('&', Type.AND);
        case '|' -> doubled('|', Type.OR);
        case '\'' -> string();
        default -> other(c);
      }
    }
    // GitHub places the end token where the last token (or blank) began.
    tokens.add(new Token(Type.EOF, "", null, start));
  }

  private void other(char c) throws ExpressionException {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      return; // only these separate tokens; other white space is an unexpected symbol
    }
    if (c >= '0' && c <= '9') {
      number();
    } else {
      identifier();
    }
  }

  private void dot() throws ExpressionException {
    Type prev = previous();
    if (prev == Type.IDENTIFIER || prev == Type.RIGHT_BRACKET || prev == Type.RIGHT_PAREN
        || prev == Type.STAR) {
      add(Type.DOT);
    } else {
      number();
    }
  }

  /** {@code ==}, {@code &&}, {@code ||}; a single character is an error spanning the word. */
  private void doubled(char second, Type type) throws ExpressionException {
    if (match(second)) {
      add(type);
    } else {
      identifier();
    }
  }

  private void number() throws ExpressionException {
    while (offset < input.length()
        && (!isBoundary(input.charAt(offset)) || input.charAt(offset) == '.')) {
      offset++;
    }
    String lexeme = input.substring(start, offset);
    double value = JsNumbers.parse(lexeme);
    if (Double.isNaN(value)) {
      throw unexpected(lexeme);
    }
    tokens.add(new Token(Type.NUMBER, lexeme, new NumberValue(value), start));
  }

  private void string() throws ExpressionException {
    StringBuilder value = new StringBuilder();
    while (offset < input.length()) {
      char c = input.charAt(offset);
      if (c == '\'') {
        if (offset + 1 < input.length() && input.charAt(offset + 1) == '\'') {
          value.append('\'');
          offset += 2;
          continue;
        }
        offset++;
        tokens.add(new Token(Type.STRING, input.substring(start, offset),
            new StringValue(value.toString()), start));
        return;
      }
      value.append(c);
      offset++;
    }
    throw unexpected(input.substring(start));
  }

  private void identifier() throws ExpressionException {
    while (offset < input.length() && !isBoundary(input.charAt(offset))) {
      offset++;
    }
    String lexeme = input.substring(start, offset);
    Type type = Type.IDENTIFIER;
    Value value = null;
    if (previous() != Type.DOT) {
      switch (lexeme) {
        case "true" -> type = Type.TRUE;
        case "false" -> type = Type.FALSE;
        case "null" -> type = Type.NULL;
        case "NaN" -> {
          type = Type.NUMBER;
          value = new NumberValue(Double.NaN);
        }
        case "Infinity" -> {
          type = Type.NUMBER;
          value = new NumberValue(Double.POSITIVE_INFINITY);
        }
        default -> { }
      }
    }
    if (!isLegalIdentifier(lexeme)) {
      throw unexpected(lexeme);
    }
    tokens.add(new Token(type, lexeme, value, start));
  }

  private static boolean isLegalIdentifier(String s) {
    if (s.isEmpty() || !(isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(isLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isBoundary(char c) {
    return switch (c) {
      case '(', '[', ')', ']', ',', '.', '!', '>', '<', '=', '&', '|' -> true;
      default -> JsNumbers.isWhitespace(c);
    };
  }

  private boolean match(char expected) {
    if (offset < input.length() && input.charAt(offset) == expected) {
      offset++;
      return true;
    }
    return false;
  }

  private Type previous() {
    return tokens.isEmpty() ? Type.EOF : tokens.get(tokens.size() - 1).type();
  }

  private void add(Type type) {
    tokens.add(new Token(type, input.substring(start, offset), null, start));
  }

  private ExpressionException unexpected(String lexeme) {
    return ExpressionParser.error("Unexpected symbol: '" + lexeme + "'", input, start + 1);
  }

  /** The expression cut to a length fit for a message. */
  static String shorten(String input) {
    return input.length() <= 200 ? input : input.substring(0, 200) + "…";
  }
}

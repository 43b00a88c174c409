package dev.hearth.workflow.expr;

/**
 * One lexical token. {@code offset} is the 0-based index of its first character in the
 * expression; {@code value} is set for number and string literals.
 */
record Token(Type type, String lexeme, Value value, int offset) {

  enum Type {
    LEFT_PAREN, RIGHT_PAREN, LEFT_BRACKET, RIGHT_BRACKET, COMMA, DOT, BANG, BANG_EQUAL,
    EQUAL_EQUAL, GREATER, GREATER_EQUAL, LESS, LESS_EQUAL, AND, OR, STAR, NUMBER, STRING,
    IDENTIFIER, TRUE, FALSE, NULL, EOF
  }

  /** How GitHub's messages quote the token: a string literal by its value, others as written. */
  String display() {
    return switch (type) {
      case EOF -> "EOF";
      case STRING -> ((Value.StringValue) value).value();
      default -> lexeme;
    };
  }
}

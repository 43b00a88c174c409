package dev.hearth.workflow.yaml;

import dev.hearth.workflow.source.Position;

/**
 * A scalar with its YAML 1.2 core-schema type. {@code text} is the scalar's content as written
 * (after YAML unescaping and folding), never the resolved value: {@code 0x1F} stays "0x1F" with
 * kind {@link Kind#INTEGER}.
 */
public record YamlScalar(String text, Kind kind, Style style, Position position) implements YamlNode {

  public enum Kind { STRING, NULL, BOOLEAN, INTEGER, FLOAT }

  public enum Style { PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED, LITERAL, FOLDED }

  public boolean isString() {
    return kind == Kind.STRING;
  }

  public boolean isNull() {
    return kind == Kind.NULL;
  }

  /** The boolean value of a {@link Kind#BOOLEAN} scalar. */
  public boolean booleanValue() {
    return text.equalsIgnoreCase("true");
  }

  /** The numeric value of an INTEGER or FLOAT scalar (hex, octal, .inf and .nan included). */
  public double numberValue() {
    return CoreSchema.number(text);
  }

  @Override
  public String describe() {
    return switch (kind) {
      case STRING -> "a string";
      case NULL -> "null";
      case BOOLEAN -> "a boolean";
      case INTEGER, FLOAT -> "a number";
    };
  }
}

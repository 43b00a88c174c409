package dev.hearth.workflow.yaml;

import java.util.regex.Pattern;

/** The YAML 1.2 core schema's resolution of plain scalars (https://yaml.org/spec/1.2.2/#103-core-schema). */
final class CoreSchema {
  private static final Pattern NULL = Pattern.compile("null|Null|NULL|~|");
  private static final Pattern BOOL = Pattern.compile("true|True|TRUE|false|False|FALSE");
  private static final Pattern INT = Pattern.compile("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");
  private static final Pattern FLOAT = Pattern.compile(
      "[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?"
          + "|[-+]?\\.(inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN");

  private CoreSchema() {}

  static YamlScalar.Kind resolvePlain(String text) {
    if (NULL.matcher(text).matches()) return YamlScalar.Kind.NULL;
    if (BOOL.matcher(text).matches()) return YamlScalar.Kind.BOOLEAN;
    if (INT.matcher(text).matches()) return YamlScalar.Kind.INTEGER;
    if (FLOAT.matcher(text).matches()) return YamlScalar.Kind.FLOAT;
    return YamlScalar.Kind.STRING;
  }

  static boolean matches(YamlScalar.Kind kind, String text) {
    return switch (kind) {
      case STRING -> true;
      case NULL -> NULL.matcher(text).matches();
      case BOOLEAN -> BOOL.matcher(text).matches();
      case INTEGER -> INT.matcher(text).matches();
      case FLOAT -> FLOAT.matcher(text).matches() || INT.matcher(text).matches();
    };
  }

  static double number(String text) {
    if (text.startsWith("0x")) return new java.math.BigInteger(text.substring(2), 16).doubleValue();
    if (text.startsWith("0o")) return new java.math.BigInteger(text.substring(2), 8).doubleValue();
    String t = text.toLowerCase(java.util.Locale.ROOT);
    if (t.endsWith(".inf")) return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    if (t.equals(".nan")) return Double.NaN;
    return Double.parseDouble(text);
  }
}

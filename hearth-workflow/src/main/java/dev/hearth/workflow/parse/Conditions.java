package dev.hearth.workflow.parse;

import dev.hearth.workflow.expr.ExpressionException;
import dev.hearth.workflow.expr.Template;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalises an {@code if} as GitHub does: the {@code ${{ }}} around a whole condition is dropped,
 * and a condition that calls no status function ({@code success}, {@code failure},
 * {@code cancelled}, {@code always}) becomes {@code success() && (condition)}.
 */
final class Conditions {
  static final String DEFAULT = "success()";
  private static final Pattern STATUS_CALL =
      Pattern.compile("(?i)(?<![\\w.-])(success|failure|cancelled|always)\\s*\\(");

  private Conditions() {}

  static String normalize(String text) {
    String expr = text.strip();
    if (expr.startsWith("${{") && expr.endsWith("}}") && expr.indexOf("${{", 3) < 0) {
      expr = expr.substring(3, expr.length() - 2).strip();
    } else if (expr.contains("${{")) {
      expr = asFormat(text);
    }
    if (expr.isEmpty()) return DEFAULT;
    return callsStatusFunction(expr) ? expr : DEFAULT + " && (" + expr + ")";
  }

  /** Text mixing literals and {@code ${{ x }}} as one expression: {@code format('lit {0}', x)}. */
  static String asFormat(String text) {
    Template template;
    try {
      template = Template.parse(text);
    } catch (ExpressionException e) {
      return text; // reported where the condition is checked
    }
    StringBuilder pattern = new StringBuilder();
    StringBuilder args = new StringBuilder();
    int n = 0;
    for (Template.Part part : template.parts()) {
      switch (part) {
        case Template.LiteralPart l -> pattern.append(escape(l.text()));
        case Template.ExpressionPart e -> {
          pattern.append('{').append(n++).append('}');
          args.append(", ").append(e.expression());
        }
      }
    }
    return "format('" + pattern + "'" + args + ")";
  }

  private static String escape(String literal) {
    return literal.replace("'", "''").replace("{", "{{").replace("}", "}}");
  }

  private static boolean callsStatusFunction(String expr) {
    Matcher m = STATUS_CALL.matcher(withoutStrings(expr));
    return m.find();
  }

  /** The expression with the contents of its 'string literals' blanked out. */
  private static String withoutStrings(String expr) {
    StringBuilder b = new StringBuilder(expr.length());
    boolean inString = false;
    for (int i = 0; i < expr.length(); i++) {
      char c = expr.charAt(i);
      if (c == '\'') {
        if (inString && i + 1 < expr.length() && expr.charAt(i + 1) == '\'') {
          i++;
          continue;
        }
        inString = !inString;
        b.append(c);
      } else {
        b.append(inString ? ' ' : c);
      }
    }
    return b.toString();
  }
}

package dev.hearth.workflow.parse;

import dev.hearth.workflow.expr.ExpressionException;
import dev.hearth.workflow.expr.ExpressionParser;
import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.source.Position;
import dev.hearth.workflow.source.WorkflowError;
import dev.hearth.workflow.yaml.YamlScalar;
import java.util.List;

/**
 * Checks the expressions of one scalar: that each {@code ${{} is closed and not empty, that each
 * parses, and that it names only what is available at its key. Errors point at the scalar, as
 * GitHub's do, and say where inside the expression the problem is.
 */
final class Expressions {
  /** GitHub turns a value with expressions into one expression, which may be this long at most. */
  static final int MAX_EXPRESSION_LENGTH = 21_000;

  private final List<WorkflowError> errors;

  Expressions(List<WorkflowError> errors) {
    this.errors = errors;
  }

  /** A string that may embed expressions; {@code scope} null means none are allowed here. */
  void checkTemplate(YamlScalar s, ExpressionScope scope, String key) {
    if (!s.text().contains("${{")) return;
    if (scope == null) {
      notAllowed(s.position(), key);
      return;
    }
    if (s.text().length() > MAX_EXPRESSION_LENGTH) {
      error(s.position(), "the value of " + key + " is " + s.text().length() + " characters long; a value holding"
          + " expressions may have at most " + MAX_EXPRESSION_LENGTH + " (GitHub's max expression length)");
      return;
    }
    List<TemplateScanner.Found> found;
    try {
      found = TemplateScanner.scan(s.text());
    } catch (TemplateScanner.NotClosed e) {
      error(s.position(), "the expression in " + key + " is not closed: '${{' has no matching '}}'");
      return;
    }
    for (TemplateScanner.Found f : found) checkExpression(f.text(), s.position(), scope, key);
  }

  /** An {@code if}: a bare expression, or text holding {@code ${{ }}}. */
  void checkCondition(YamlScalar s, ExpressionScope scope, String key) {
    if (s.text().contains("${{")) {
      checkTemplate(s, scope, key);
    } else if (!s.text().isBlank()) {
      checkExpression(s.text(), s.position(), scope, key);
    }
  }

  void notAllowed(Position at, String key) {
    error(at, "an expression is not allowed in " + key + " (a template expression is not allowed in this context)");
  }

  private void checkExpression(String text, Position at, ExpressionScope scope, String key) {
    String expr = text.strip();
    if (expr.isEmpty()) {
      error(at, "an expression was expected between '${{' and '}}' in " + key);
      return;
    }
    try {
      ExpressionParser.parse(expr, scope);
    } catch (ExpressionException e) {
      String where = e.column() > 0 ? " (at position " + e.column() + " of '" + expr + "')" : " (in '" + expr + "')";
      error(at, "invalid expression in " + key + ": " + e.getMessage() + where);
    } catch (UnsupportedOperationException stubNotYetMerged) {
      // The expression language is built on another branch; until it lands only the template
      // structure (closed, non-empty) is checked.
    }
  }

  private void error(Position at, String message) {
    errors.add(new WorkflowError(at, message));
  }
}

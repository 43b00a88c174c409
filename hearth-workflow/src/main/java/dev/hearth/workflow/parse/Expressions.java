package dev.hearth.workflow.parse;

import dev.hearth.workflow.expr.ExpressionException;
import dev.hearth.workflow.expr.ExpressionParser;
import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.expr.IfCondition;
import dev.hearth.workflow.expr.Template;
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
    if (tooLong(s, key)) return;
    try {
      for (Template.Part part : Template.parse(s.text()).parts()) {
        if (!(part instanceof Template.ExpressionPart e)) continue;
        if (e.expression().equals("insert")) {
          error(s.position(), "the directive 'insert' is not allowed in " + key
              + ": directives work only as a whole mapping key, not within a string");
          return;
        }
        ExpressionParser.parse(e.expression(), scope);
      }
    } catch (ExpressionException e) {
      report(s.position(), key, e);
    }
  }

  /** An {@code if}: a bare expression, or text holding {@code ${{ }}}. */
  void checkCondition(YamlScalar s, ExpressionScope scope, String key) {
    if (tooLong(s, key)) return;
    try {
      IfCondition.parse(s.text(), scope);
    } catch (ExpressionException e) {
      report(s.position(), key, e);
    }
  }

  void notAllowed(Position at, String key) {
    error(at, "an expression is not allowed in " + key + " (a template expression is not allowed in this context)");
  }

  private boolean tooLong(YamlScalar s, String key) {
    if (s.text().length() <= MAX_EXPRESSION_LENGTH) return false;
    error(s.position(), "the value of " + key + " is " + s.text().length() + " characters long; a value holding"
        + " expressions may have at most " + MAX_EXPRESSION_LENGTH + " (GitHub's max expression length)");
    return true;
  }

  private void report(Position at, String key, ExpressionException e) {
    boolean placed = e.getMessage().contains("position");
    String where = !placed && e.column() > 0 && e.expression() != null
        ? " (at position " + e.column() + " of '" + e.expression() + "')" : "";
    error(at, "invalid expression in " + key + ": " + e.getMessage() + where);
  }

  private void error(Position at, String message) {
    errors.add(new WorkflowError(at, message));
  }
}

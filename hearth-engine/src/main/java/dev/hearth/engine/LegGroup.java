package dev.hearth.engine;

import dev.hearth.workflow.expr.Coercion;
import dev.hearth.workflow.expr.EvaluationContext;
import dev.hearth.workflow.expr.ExpressionException;
import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.expr.Template;
import dev.hearth.workflow.model.Concurrency;
import dev.hearth.workflow.model.Job;

/**
 * A leg's job-level {@code concurrency:}, evaluated with the leg's contexts ({@code github},
 * {@code inputs}, {@code vars}, {@code needs}, {@code strategy}, {@code matrix}: GitHub's scope for
 * {@code jobs.<id>.concurrency}), so a group built from {@code matrix.*} differs per leg. Exactly one
 * of {@code group} and {@code error} is non-null.
 *
 * @param group the group's name as evaluated
 * @param cancelInProgress whether the leg cancels the group's running leg
 * @param error why the setting could not be evaluated (names the file, line and column)
 */
record LegGroup(String group, boolean cancelInProgress, String error) {

  /** The leg's group, or null when its job has no {@code concurrency:}. */
  static LegGroup of(String file, Job job, EvaluationContext context) {
    Concurrency c = job.concurrency();
    if (c == null || c.group() == null) return null;
    String where = file + ":" + c.group().position().line() + ":" + c.group().position().column();
    try {
      String group = Coercion.toStr(Template.parse(c.group().text()).evaluate(ExpressionScope.JOB_CONCURRENCY, context));
      if (group.isBlank()) {
        return new LegGroup(null, false, where + ": concurrency.group: expected a non-empty group name, got '" + group + "'");
      }
      boolean cancel = c.cancelInProgress() != null && (c.cancelInProgress().isExpression()
          ? Coercion.truthy(Template.parse("${{ " + c.cancelInProgress().expression() + " }}")
              .evaluate(ExpressionScope.JOB_CONCURRENCY, context))
          : Boolean.TRUE.equals(c.cancelInProgress().literal()));
      return new LegGroup(group, cancel, null);
    } catch (ExpressionException e) {
      return new LegGroup(null, false, where + ": concurrency: " + e.getMessage());
    }
  }
}

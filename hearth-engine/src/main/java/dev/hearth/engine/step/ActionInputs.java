package dev.hearth.engine.step;

import dev.hearth.workflow.action.Action;
import dev.hearth.workflow.action.ActionInput;
import dev.hearth.workflow.expr.ExpressionException;
import dev.hearth.workflow.expr.ExpressionScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An action step's inputs as GitHub's runner makes them: each declared input takes its {@code with}
 * value, else its {@code default} (evaluated in the step's contexts), else ""; {@code with} keys the
 * action does not declare are passed on too, with the runner's warning. Like the runner (see
 * actions/runner#1070), a required input without a value does not fail the step: Hearth warns.
 */
final class ActionInputs {
  private ActionInputs() {}

  static Map<String, String> resolve(Action action, Map<String, String> with, StepExpressions ex, StepLog log)
      throws ExpressionException {
    Map<String, String> given = new LinkedHashMap<>();
    with.forEach((k, v) -> given.put(k.toLowerCase(Locale.ROOT), v == null ? "" : v));
    Map<String, String> out = new LinkedHashMap<>();
    for (ActionInput input : action.inputs().values()) {
      String key = input.id().toLowerCase(Locale.ROOT);
      String value = given.remove(key);
      if (value != null && input.deprecationMessage() != null) {
        log.warning("Input '" + input.id() + "' has been deprecated with message: " + input.deprecationMessage().text());
      }
      if (value == null && input.defaultValue() != null) value = ex.string(input.defaultValue(), ExpressionScope.STEP);
      if (value == null && input.required()) {
        log.warning("Input required and not supplied: " + input.id() + " (the action '" + action.displayName()
            + "' declares it required; GitHub's runner does not stop the step for it, nor does Hearth)");
      }
      out.put(input.id(), value == null ? "" : value);
    }
    if (!given.isEmpty()) {
      List<String> valid = new ArrayList<>();
      action.inputs().keySet().forEach(k -> valid.add("'" + k + "'"));
      log.warning("Unexpected input(s) '" + String.join("', '", given.keySet()) + "', valid inputs are " + valid);
      with.forEach((k, v) -> {
        if (given.containsKey(k.toLowerCase(Locale.ROOT))) out.put(k, v == null ? "" : v);
      });
    }
    return out;
  }

  /** {@code INPUT_<NAME>} for each input: upper case, spaces as underscores (hyphens stay), as the runner names them. */
  static Map<String, String> environment(Map<String, String> inputs) {
    Map<String, String> env = new LinkedHashMap<>();
    inputs.forEach((k, v) -> env.put(variable(k), v));
    return env;
  }

  static String variable(String input) {
    return "INPUT_" + input.replace(' ', '_').toUpperCase(Locale.ROOT);
  }
}

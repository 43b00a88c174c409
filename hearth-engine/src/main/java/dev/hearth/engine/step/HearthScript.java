package dev.hearth.engine.step;

import java.util.Map;

/**
 * A script Hearth writes for a step it runs itself (checkout, artifacts, a JavaScript action's
 * launcher): the step's script is one comment line saying what runs and an {@code eval} of the body,
 * which travels in the environment, so the step's "Run" header shows what runs rather than Hearth's
 * plumbing.
 */
final class HearthScript {
  static final String VARIABLE = "HEARTH_STEP_SCRIPT";

  private HearthScript() {}

  /** The script to run; puts {@code body} into {@code env}. */
  static String of(String what, String body, Map<String, String> env) {
    env.put(VARIABLE, body);
    return "# " + what.replace('\n', ' ') + "\neval \"$" + VARIABLE + "\"\n";
  }
}

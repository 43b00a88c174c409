package dev.hearth.engine.step;

import dev.hearth.workflow.expr.Value;
import dev.hearth.workflow.expr.Value.ObjectValue;
import dev.hearth.workflow.expr.Value.StringValue;
import java.util.Map;

/**
 * The contexts inside an action: the job's, with {@code inputs} replaced by the action's own (so an
 * outer workflow's or composite's inputs are shadowed) and {@code github.action_path},
 * {@code github.action_repository}, {@code github.action_ref} set.
 */
final class ActionScope {
  private ActionScope() {}

  static ObjectValue contexts(ObjectValue jobContexts, LoadedAction action, Map<String, String> inputs) {
    ObjectValue.Builder b = ObjectValue.builder();
    for (Map.Entry<String, Value> e : jobContexts.entries()) {
      switch (e.getKey()) {
        case "inputs" -> { }
        case "github" -> b.put("github", github(e.getValue(), action));
        default -> b.put(e.getKey(), e.getValue());
      }
    }
    ObjectValue.Builder in = ObjectValue.builder();
    inputs.forEach((k, v) -> in.put(k, new StringValue(v)));
    return b.put("inputs", in.build()).build();
  }

  private static Value github(Value github, LoadedAction action) {
    ObjectValue.Builder b = ObjectValue.builder();
    if (github instanceof ObjectValue o) {
      for (Map.Entry<String, Value> e : o.entries()) b.put(e.getKey(), e.getValue());
    }
    return b.put("action_path", new StringValue(action.path()))
        .put("action_repository", new StringValue(action.repository()))
        .put("action_ref", new StringValue(action.ref()))
        .build();
  }

  /** The variables every process of an action sees besides its inputs. */
  static Map<String, String> environment(LoadedAction action) {
    return Map.of("GITHUB_ACTION_PATH", action.path(), "GITHUB_ACTION_REPOSITORY", action.repository(),
        "GITHUB_ACTION_REF", action.ref());
  }
}

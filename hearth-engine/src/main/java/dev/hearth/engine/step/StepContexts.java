package dev.hearth.engine.step;

import dev.hearth.engine.Conclusion;
import dev.hearth.workflow.expr.Value;
import dev.hearth.workflow.expr.Value.ObjectValue;
import dev.hearth.workflow.expr.Value.StringValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code steps} context: for each finished (or skipped) step its {@code outputs}, its
 * {@code outcome} (before {@code continue-on-error}) and its {@code conclusion} (after).
 */
final class StepContexts {
  private final Map<String, ObjectValue> steps = new LinkedHashMap<>();

  void record(String stepId, Conclusion outcome, Conclusion conclusion, Map<String, String> outputs) {
    ObjectValue.Builder out = ObjectValue.builder();
    outputs.forEach((k, v) -> out.put(k, new StringValue(v)));
    steps.put(stepId, ObjectValue.builder()
        .put("outputs", out.build())
        .put("outcome", new StringValue(outcome.githubName()))
        .put("conclusion", new StringValue(conclusion.githubName()))
        .build());
  }

  ObjectValue value() {
    ObjectValue.Builder b = ObjectValue.builder();
    steps.forEach((id, v) -> b.put(id, (Value) v));
    return b.build();
  }
}

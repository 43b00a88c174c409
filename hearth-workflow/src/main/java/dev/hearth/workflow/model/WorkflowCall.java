package dev.hearth.workflow.model;

import dev.hearth.workflow.source.Position;
import dev.hearth.workflow.yaml.YamlNode;
import java.util.Map;

/**
 * A job that calls a reusable workflow: {@code uses}, its {@code with} inputs (kept as written,
 * since inputs are typed by the callee) and its {@code secrets}, or {@code secrets: inherit}.
 */
public record WorkflowCall(
    Value uses, Map<String, YamlNode> with, Map<String, Value> secrets, boolean inheritSecrets, Position position) {
  public WorkflowCall {
    with = Maps.ordered(with);
    secrets = Maps.ordered(secrets);
  }
}

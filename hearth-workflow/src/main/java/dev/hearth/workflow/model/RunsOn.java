package dev.hearth.workflow.model;

import dev.hearth.workflow.source.Position;
import java.util.List;

/**
 * Where a job runs: labels (from a string, a list, or {@code labels:}), an optional runner
 * {@code group}, or a single expression evaluated later.
 */
public record RunsOn(List<Value> labels, Value group, Value expression, Position position) {
  public RunsOn {
    labels = List.copyOf(labels);
  }

  public boolean isExpression() {
    return expression != null;
  }
}

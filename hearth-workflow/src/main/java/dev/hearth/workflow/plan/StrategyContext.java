package dev.hearth.workflow.plan;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code strategy} context of one leg, as GitHub fills it: whether the matrix is fail-fast
 * (default true), this leg's 0-based index, the number of legs, and how many may run at once
 * (GitHub reports the number of legs when {@code max-parallel} is not set). A job without a
 * matrix has index 0 of 1.
 */
public record StrategyContext(boolean failFast, int jobIndex, int jobTotal, int maxParallel) {

  public StrategyContext {
    if (jobTotal < 1 || jobIndex < 0 || jobIndex >= jobTotal) {
      throw new IllegalArgumentException("leg " + jobIndex + " of " + jobTotal + " does not exist");
    }
    if (maxParallel < 1) {
      throw new IllegalArgumentException("max-parallel must be at least 1, was " + maxParallel);
    }
  }

  /** The context's value for expressions: {@code fail-fast}, {@code job-index}, … */
  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("fail-fast", failFast);
    json.put("job-index", jobIndex);
    json.put("job-total", jobTotal);
    json.put("max-parallel", maxParallel);
    return json;
  }
}

package dev.hearth.server.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.engine.RunListener;
import dev.hearth.server.store.StoredRun;
import dev.hearth.workflow.plan.RunPlan;
import java.util.List;

/**
 * Makes the listeners of one run once it is planned: the GitHub reporter, live logs and metrics
 * need the plan and the delivery's payload, which exist only when the run is about to execute.
 */
@FunctionalInterface
public interface RunListeners {
  RunListeners NONE = (run, plan, payload) -> RunListener.NONE;

  RunListener forRun(StoredRun run, RunPlan plan, JsonNode payload);

  /** Every listener of {@code makers}, called in that order. */
  static RunListeners all(List<RunListeners> makers) {
    List<RunListeners> copy = List.copyOf(makers);
    return (run, plan, payload) -> RunListener.all(copy.stream().map(m -> m.forRun(run, plan, payload)).toList());
  }
}

package dev.hearth.engine.step;

import dev.hearth.engine.Conclusion;
import java.util.List;
import java.util.Map;

/**
 * How one step's work ended, before {@code continue-on-error} is applied.
 *
 * @param outcome SUCCESS, FAILURE or CANCELLED
 * @param stop why the step was stopped from outside, if it was
 * @param changes what the step's file and workflow commands set for later steps
 */
record StepResult(Conclusion outcome, Stop stop, Changes changes) {

  /** What stopped a step from outside. */
  enum Stop { NONE, CANCELLED, JOB_TIMED_OUT, INTERRUPTED }

  /**
   * What a step set: {@code outputs} for {@code steps.<id>.outputs}, {@code env} and {@code paths}
   * for later steps, its masked {@code summary} ("" when it wrote none).
   */
  record Changes(Map<String, String> outputs, Map<String, String> env, List<String> paths, String summary) {
    static final Changes NONE = new Changes(Map.of(), Map.of(), List.of(), "");

    Changes {
      outputs = Map.copyOf(outputs);
      env = Map.copyOf(env);
      paths = List.copyOf(paths);
    }
  }

  static StepResult success(Changes changes) {
    return new StepResult(Conclusion.SUCCESS, Stop.NONE, changes);
  }

  static StepResult failure(Changes changes) {
    return new StepResult(Conclusion.FAILURE, Stop.NONE, changes);
  }

  static StepResult failure() {
    return failure(Changes.NONE);
  }

  static StepResult stopped(Stop why, Changes changes) {
    Conclusion outcome = why == Stop.JOB_TIMED_OUT ? Conclusion.FAILURE : Conclusion.CANCELLED;
    return new StepResult(outcome, why, changes);
  }
}

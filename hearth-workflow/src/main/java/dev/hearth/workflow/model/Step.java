package dev.hearth.workflow.model;

import dev.hearth.workflow.source.Position;
import java.util.Map;

/**
 * One step of a job. {@code id} is the step's own id, or the one GitHub assigns when it has none
 * ({@code __run}, {@code __run_2}, {@code __actions_checkout}, …; then {@code generatedId} is
 * true). {@code condition} is the step's {@code if} as GitHub evaluates it: {@code success()} when absent, {@code success() && (x)} when {@code x} calls no status function. Exactly one of
 * {@code uses} and {@code run} is non-null. Absent optional values are null.
 */
public record Step(
    String id,
    boolean generatedId,
    Value name,
    Value condition,
    Value uses,
    Value run,
    Value shell,
    Value workingDirectory,
    Map<String, Value> with,
    Map<String, Value> env,
    BoolValue continueOnError,
    NumberValue timeoutMinutes,
    Position position) {
  public Step {
    with = Maps.ordered(with);
    env = Maps.ordered(env);
  }

  public boolean isRun() {
    return run != null;
  }
}

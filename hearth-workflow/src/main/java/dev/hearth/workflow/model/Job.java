package dev.hearth.workflow.model;

import dev.hearth.workflow.source.Position;
import java.util.List;
import java.util.Map;

/**
 * One job. A job either runs on a runner ({@code runsOn} and {@code steps}) or calls a reusable
 * workflow ({@code call}, with {@code runsOn} null and no steps). {@code condition} is the job's
 * {@code if}, normalised like a step's ({@code success()} when absent, {@code success() && (x)} otherwise unless {@code x} calls a status function); {@code continueOnError} defaults to literal false.
 * Absent optional values are null and absent maps/lists empty.
 */
public record Job(
    String id,
    Position idPosition,
    Value name,
    List<Need> needs,
    Value condition,
    RunsOn runsOn,
    Permissions permissions,
    Environment environment,
    Concurrency concurrency,
    Map<String, Value> outputs,
    Map<String, Value> env,
    RunDefaults defaults,
    NumberValue timeoutMinutes,
    NumberValue cancelTimeoutMinutes,
    Strategy strategy,
    BoolValue continueOnError,
    Container container,
    Map<String, Container> services,
    WorkflowCall call,
    List<Step> steps,
    Position position) {
  /** GitHub's {@code timeout-minutes} for a job that sets none. */
  public static final int DEFAULT_TIMEOUT_MINUTES = 360;

  public Job {
    needs = List.copyOf(needs);
    outputs = Maps.ordered(outputs);
    env = Maps.ordered(env);
    services = Maps.ordered(services);
    steps = List.copyOf(steps);
  }

  public boolean isWorkflowCall() {
    return call != null;
  }
}

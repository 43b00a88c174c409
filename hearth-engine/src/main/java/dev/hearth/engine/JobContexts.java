package dev.hearth.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.workflow.expr.EvaluationContext;
import dev.hearth.workflow.expr.RunStatus;
import dev.hearth.workflow.expr.Value;
import dev.hearth.workflow.expr.Value.ObjectValue;
import dev.hearth.workflow.expr.Value.StringValue;
import dev.hearth.workflow.expr.Values;
import dev.hearth.workflow.plan.JobLeg;
import java.util.Map;
import java.util.Optional;

/** The expression contexts of a job at each point GitHub evaluates something for it. */
final class JobContexts {
  private JobContexts() {}

  /** For the job's {@code if} and a deferred strategy: {@code github, needs, vars, inputs}. */
  static EvaluationContext beforeLegs(RunRequest request, String job, ObjectValue needs, RunStatus status) {
    return new EvaluationContext(base(request, null, job, needs).build(), status, Optional.empty());
  }

  /** For a leg's {@code name}, {@code runs-on}, {@code timeout-minutes}, {@code continue-on-error}. */
  static EvaluationContext forLeg(RunRequest request, String job, ObjectValue needs, JobLeg leg) {
    ObjectValue values = base(request, null, job, needs)
        .put("matrix", Values.fromJson(leg.matrix().toJson()))
        .put("strategy", Values.fromJson(leg.strategy().toJson()))
        .build();
    return new EvaluationContext(values, RunStatus.SUCCESS, Optional.empty());
  }

  /** What the steps start from: every context but {@code env} and {@code steps}. */
  static ObjectValue forSteps(RunRequest request, VmLayout layout, String vmId, String job, ObjectValue needs,
      JobLeg leg) {
    return base(request, layout, job, needs)
        .put("matrix", Values.fromJson(leg.matrix().toJson()))
        .put("strategy", Values.fromJson(leg.strategy().toJson()))
        .put("secrets", strings(request.secrets()))
        .put("runner", DefaultEnvironment.runner(layout, vmId))
        .put("job", ObjectValue.builder()
            .put("status", new StringValue("success"))
            .put("container", ObjectValue.of(Map.of()))
            .put("services", ObjectValue.of(Map.of()))
            .build())
        .build();
  }

  private static ObjectValue.Builder base(RunRequest request, VmLayout layout, String job, ObjectValue needs) {
    return ObjectValue.builder()
        .put("github", DefaultEnvironment.github(request, layout, job))
        .put("needs", needs)
        .put("vars", strings(request.vars()))
        .put("inputs", inputs(request.inputs()));
  }

  static ObjectValue strings(Map<String, String> map) {
    ObjectValue.Builder b = ObjectValue.builder();
    map.forEach((k, v) -> b.put(k, new StringValue(v)));
    return b.build();
  }

  private static ObjectValue inputs(Map<String, JsonNode> map) {
    ObjectValue.Builder b = ObjectValue.builder();
    map.forEach((k, v) -> b.put(k, (Value) Values.fromJson(v)));
    return b.build();
  }
}

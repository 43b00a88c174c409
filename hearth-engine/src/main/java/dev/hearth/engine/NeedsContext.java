package dev.hearth.engine;

import dev.hearth.workflow.expr.Value.ObjectValue;
import dev.hearth.workflow.expr.Value.StringValue;
import java.util.List;
import java.util.Map;

/** The {@code needs} context: the result and outputs of the jobs a job lists under {@code needs:}. */
final class NeedsContext {
  private NeedsContext() {}

  static ObjectValue of(List<String> directNeeds, Map<String, JobSummary> finished) {
    ObjectValue.Builder needs = ObjectValue.builder();
    for (String id : directNeeds) {
      JobSummary job = finished.get(id);
      if (job == null) continue;
      ObjectValue.Builder outputs = ObjectValue.builder();
      job.outputs().forEach((k, v) -> outputs.put(k, new StringValue(v)));
      needs.put(id, ObjectValue.builder()
          .put("result", new StringValue(job.result().githubName()))
          .put("outputs", outputs.build())
          .build());
    }
    return needs.build();
  }
}

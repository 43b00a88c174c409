package dev.hearth.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.store.Progress;
import dev.hearth.server.store.StoredRun;
import dev.hearth.server.store.VmRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the API (described in {@code openapi.yaml}); built by hand to keep them explicit. */
final class Views {
  private Views() {}

  static ObjectNode run(StoredRun r) {
    ObjectNode n = Json.object();
    n.put("id", r.id());
    n.put("delivery", r.deliveryId());
    n.put("repository", r.repository());
    n.put("workflow", r.workflowFile());
    n.put("workflowName", r.workflowName());
    n.put("event", r.event());
    n.put("sha", r.sha());
    n.put("state", r.state());
    n.put("conclusion", r.conclusion());
    n.put("reason", r.reason());
    n.put("attempts", r.attempts());
    n.put("queuedAt", text(r.queuedAt()));
    n.put("startedAt", text(r.startedAt()));
    n.put("finishedAt", text(r.finishedAt()));
    if (r.startedAt() != null && r.finishedAt() != null) {
      n.put("durationMs", Duration.between(r.startedAt(), r.finishedAt()).toMillis());
    } else {
      n.putNull("durationMs");
    }
    return n;
  }

  static ObjectNode runWithVms(StoredRun r, List<VmRecord> vms) {
    ObjectNode n = run(r);
    ArrayNode list = n.putArray("vms");
    for (VmRecord vm : vms) {
      list.addObject().put("id", vm.vmId()).put("provider", vm.provider()).put("state", vm.state())
          .put("allocatedAt", text(vm.allocatedAt())).put("releasedAt", text(vm.releasedAt())).put("note", vm.note());
    }
    return n;
  }

  static ObjectNode job(Progress.StoredJob j) {
    return Json.object().put("id", j.jobId()).put("name", j.name()).put("vm", j.vmId()).put("state", j.state())
        .put("conclusion", j.conclusion());
  }

  static ObjectNode step(Progress.StoredStep s) {
    return Json.object().put("job", s.jobId()).put("id", s.stepId()).put("name", s.name()).put("state", s.state())
        .put("outcome", s.outcome()).put("conclusion", s.conclusion());
  }

  static ObjectNode chunk(Progress.LogChunk c) {
    return Json.object().put("job", c.jobId()).put("step", c.stepId()).put("stream", c.stream())
        .put("firstLine", c.firstLine()).put("lineCount", c.lineCount()).put("text", c.text());
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }
}

package dev.hearth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.engine.RunEvent;
import dev.hearth.engine.RunListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code hearth run --json}: one JSON object per line for every engine event. Every object has
 * {@code type}, {@code time} (ISO-8601), {@code run}, {@code workflow} (the file), {@code job} and
 * {@code step} (null where they do not apply); the rest depends on the type. Results use GitHub's
 * names ({@code success}, {@code failure}, {@code cancelled}, {@code skipped}); durations are
 * milliseconds. Thread-safe: lines never interleave.
 */
final class JsonEventPrinter implements RunListener {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintWriter out;
  private final Map<String, String> workflowOfRun = new ConcurrentHashMap<>();

  JsonEventPrinter(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void on(RunEvent event) {
    String line = line(event);
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  String line(RunEvent event) {
    if (event instanceof RunEvent.RunQueued q) workflowOfRun.put(q.runId(), q.workflowFile());
    if (event instanceof RunEvent.RunStarted s) workflowOfRun.putIfAbsent(s.runId(), s.workflowFile());
    ObjectNode o = JSON.createObjectNode();
    o.put("type", event.type());
    o.put("time", event.at().toString());
    o.put("run", event.runId());
    o.put("workflow", workflowOfRun.get(event.runId()));
    o.putNull("job");
    o.putNull("step");
    fields(event, o);
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static void fields(RunEvent event, ObjectNode o) {
    switch (event) {
      case RunEvent.RunQueued e -> o.put("workflow_name", e.workflowName()).put("event", e.event());
      case RunEvent.VmAllocated e -> o.put("vm", e.vmId()).put("provider", e.provider()).put("scope", e.scope())
          .put("took_ms", millis(e.took()));
      case RunEvent.RunStarted e -> { }
      case RunEvent.JobStarted e -> o.put("job", e.jobId()).put("job_name", e.jobName()).put("vm", e.vmId());
      case RunEvent.StepStarted e -> o.put("job", e.jobId()).put("step", e.stepId()).put("step_name", e.stepName());
      case RunEvent.LogLine e -> o.put("job", e.jobId()).put("step", e.stepId()).put("stream", e.stream())
          .put("text", e.text());
      case RunEvent.Annotation e -> {
        o.put("job", e.jobId()).put("step", e.stepId()).put("level", e.level()).put("message", e.message());
        ObjectNode props = o.putObject("properties");
        if (e.properties() != null) e.properties().forEach(props::put);
      }
      case RunEvent.StepSummary e -> o.put("job", e.jobId()).put("step", e.stepId()).put("markdown", e.markdown());
      case RunEvent.StepFinished e -> o.put("job", e.jobId()).put("step", e.stepId())
          .put("outcome", e.outcome().githubName()).put("conclusion", e.conclusion().githubName())
          .put("result", e.conclusion().githubName()).put("duration_ms", millis(e.duration()));
      case RunEvent.JobFinished e -> {
        o.put("job", e.jobId()).put("result", e.result().githubName()).put("duration_ms", millis(e.duration()));
        ObjectNode outputs = o.putObject("outputs");
        if (e.outputs() != null) e.outputs().forEach(outputs::put);
      }
      case RunEvent.VmReleased e -> o.put("vm", e.vmId()).put("took_ms", millis(e.took()));
      case RunEvent.RunFinished e -> o.put("result", e.result().githubName()).put("duration_ms", millis(e.duration()));
    }
  }

  private static long millis(Duration d) {
    return d == null ? 0 : d.toMillis();
  }
}

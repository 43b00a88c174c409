package dev.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The lines of {@code hearth run --json}, parsed, with the questions the end-to-end tests ask. */
record EventStream(List<JsonNode> events) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static EventStream parse(String out) {
    return new EventStream(out.lines().filter(l -> !l.isBlank()).map(EventStream::json).toList());
  }

  private static JsonNode json(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException("not a JSON line: " + line, e);
    }
  }

  List<JsonNode> ofType(String type) {
    return events.stream().filter(e -> e.path("type").asText().equals(type)).toList();
  }

  List<String> texts(String type, String field) {
    return ofType(type).stream().map(e -> e.path(field).asText()).toList();
  }

  /** The VM ids of {@code vm.allocated}, in order. */
  List<String> allocatedVms() {
    return texts("vm.allocated", "vm");
  }

  /** The most VMs alive at once: allocated minus released, over the stream. */
  int maxAlive() {
    int alive = 0;
    int max = 0;
    for (JsonNode e : events) {
      String type = e.path("type").asText();
      if (type.equals("vm.allocated")) max = Math.max(max, ++alive);
      if (type.equals("vm.released")) alive--;
    }
    return max;
  }

  /** Every log line's text and every annotation's message, one per line. */
  String logText() {
    return events.stream().filter(e -> e.path("type").asText().equals("log") || e.path("type").asText().equals("annotation"))
        .map(e -> e.has("text") ? e.path("text").asText() : e.path("message").asText())
        .collect(Collectors.joining("\n"));
  }

  /** The run id of the workflow file named {@code fileName}, or null when it was never queued. */
  String runOf(String fileName) {
    return ofType("run.queued").stream()
        .filter(e -> Path.of(e.path("workflow").asText()).getFileName().toString().equals(fileName))
        .map(e -> e.path("run").asText()).findFirst().orElse(null);
  }

  List<JsonNode> ofRun(String runId, String type) {
    Predicate<JsonNode> inRun = e -> e.path("run").asText().equals(runId);
    return ofType(type).stream().filter(inRun).toList();
  }

  /** The result of a run's job: that of its one leg, or of its legs combined as GitHub combines them. */
  String jobResult(String runId, String jobId) {
    List<String> results = ofRun(runId, "job.finished").stream()
        .filter(e -> e.path("job").asText().equals(jobId) || e.path("job").asText().startsWith(jobId + " ("))
        .map(e -> e.path("result").asText()).toList();
    if (results.isEmpty()) return null;
    for (String worst : List.of("failure", "cancelled", "success")) {
      if (results.contains(worst)) return worst;
    }
    return "skipped";
  }
}

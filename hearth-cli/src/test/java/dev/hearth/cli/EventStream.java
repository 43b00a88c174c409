package dev.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

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

  /**
   * What the steps printed: every log line's text and every annotation's message, one per line,
   * without each step's header (the {@code ##[group]Run <script>} block the runner prints before
   * the command, which echoes the script and so would match what the script only means to print).
   */
  String logText() {
    Set<String> seen = new HashSet<>();
    Set<String> inHeader = new HashSet<>();
    List<String> lines = new ArrayList<>();
    for (JsonNode e : events) {
      String type = e.path("type").asText();
      if (type.equals("annotation")) lines.add(e.path("message").asText());
      if (!type.equals("log")) continue;
      String step = e.path("run").asText() + "/" + e.path("job").asText() + "/" + e.path("step").asText();
      String text = e.path("text").asText();
      if (seen.add(step) && text.startsWith("##[group]Run ")) {
        inHeader.add(step);
      } else if (inHeader.contains(step)) {
        if (text.startsWith("##[endgroup]")) inHeader.remove(step);
      } else {
        lines.add(text);
      }
    }
    return String.join("\n", lines);
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

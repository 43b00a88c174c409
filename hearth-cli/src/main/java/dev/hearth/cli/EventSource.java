package dev.hearth.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.workflow.event.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The event a command runs or lists workflows for: the payload from {@code -e FILE}, or one
 * synthesized from the local checkout. Bad input is an {@link IllegalArgumentException} whose
 * message is one line for a person ({@code event.json:3:7: not valid JSON: …}).
 */
final class EventSource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EventSource() {}

  /**
   * The event {@code name} with the payload of {@code eventFile}, or, when it is null, a payload
   * made for the checkout {@code dir} (its branch and HEAD commit) with {@code inputs} for a
   * {@code workflow_dispatch}.
   */
  static Event load(String name, Path eventFile, Path dir, Map<String, String> inputs) throws IOException {
    JsonNode payload = eventFile != null ? read(eventFile) : synthesized(name, GitCheckout.currentBranch(dir));
    if (eventFile == null && name.equals("workflow_dispatch") && payload instanceof ObjectNode p) {
      ObjectNode in = p.putObject("inputs");
      inputs.forEach(in::put);
    }
    if (eventFile == null && payload instanceof ObjectNode p) {
      GitCheckout.headCommit(dir).ifPresent(sha -> p.put("after", sha));
    }
    return Event.fromPayload(name, payload);
  }

  /** The JSON in {@code file}; errors name the file, line and column. */
  static JsonNode read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": no such file");
    try {
      JsonNode node = JSON.readTree(file.toFile());
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException(file + ": an event payload must be a JSON object");
      }
      return node;
    } catch (JacksonException e) {
      var loc = e.getLocation();
      throw new IllegalArgumentException(file + (loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr())
          + ": not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** A minimal payload of the shape GitHub sends, for the checkout's branch. */
  static ObjectNode synthesized(String event, String branch) {
    ObjectNode p = JSON.createObjectNode();
    if (branch == null) return p;
    switch (event) {
      case "pull_request", "pull_request_target" -> {
        p.put("action", "opened");
        ObjectNode pr = p.putObject("pull_request");
        pr.put("number", 1);
        pr.putObject("base").put("ref", branch);
        pr.putObject("head").put("ref", branch);
      }
      default -> p.put("ref", "refs/heads/" + branch);
    }
    p.putObject("repository").put("default_branch", branch);
    return p;
  }
}

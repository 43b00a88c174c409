package dev.hearth.workflow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.workflow.event.Event;
import dev.hearth.workflow.parse.WorkflowParser;
import dev.hearth.workflow.source.WorkflowSyntaxException;
import dev.hearth.workflow.yaml.YamlLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test resources under {@code plan/}: YAML as JSON values (as GitHub reads it), or planned. */
final class PlanFixtures {
  private PlanFixtures() {}

  static JsonNode resource(String name) {
    return yaml(name, text(name));
  }

  /** Parses {@code plan/<name>} and plans it for {@code event}, which it must select. */
  static RunPlan plan(String name, String event) throws WorkflowSyntaxException {
    return Planner.planIfSelected(new WorkflowParser().parse(name, text(name)).orThrow(),
        Event.named(event)).orElseThrow(() -> new AssertionError(name + " does not run on " + event));
  }

  static String text(String name) {
    try (InputStream in = PlanFixtures.class.getResourceAsStream("/plan/" + name)) {
      if (in == null) throw new IllegalArgumentException("no test resource plan/" + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode yaml(String file, String text) {
    try {
      return YamlJson.of(new YamlLoader().load(file, text));
    } catch (Exception e) {
      throw new IllegalArgumentException("bad test YAML " + file + ": " + e.getMessage(), e);
    }
  }
}

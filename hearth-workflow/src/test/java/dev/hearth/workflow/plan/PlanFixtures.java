package dev.hearth.workflow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.workflow.yaml.YamlLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads test resources under {@code plan/} as JSON values (YAML written as GitHub reads it). */
final class PlanFixtures {
  private PlanFixtures() {}

  static JsonNode resource(String name) {
    try (InputStream in = PlanFixtures.class.getResourceAsStream("/plan/" + name)) {
      if (in == null) throw new IllegalArgumentException("no test resource plan/" + name);
      return yaml(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
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

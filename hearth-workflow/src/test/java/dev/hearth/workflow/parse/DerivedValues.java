package dev.hearth.workflow.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.workflow.model.BoolValue;
import dev.hearth.workflow.model.Job;
import dev.hearth.workflow.model.NumberValue;
import dev.hearth.workflow.model.RunsOn;
import dev.hearth.workflow.model.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares the job values Hearth models with GitHub's normalised JSON, whose template tokens are a
 * string, a number, a boolean, {@code {"expr": …}}, {@code {"seq": […]}} or {@code {"map": [{Key, Value}]}}.
 */
final class DerivedValues {
  private DerivedValues() {}

  static void checkJobSettings(JsonNode expected, Job job) {
    if (expected.has("runs-on")) checkRunsOn(expected.get("runs-on"), job.runsOn(), job.id());
    if (expected.has("continue-on-error")) {
      checkBool(expected.get("continue-on-error"), job.continueOnError(), "continue-on-error of " + job.id());
    }
    if (expected.has("timeout-minutes")) {
      checkNumber(expected.get("timeout-minutes"), job.timeoutMinutes(), "timeout-minutes of " + job.id());
    }
    if (expected.has("strategy") && job.strategy() != null) checkStrategy(expected.get("strategy"), job);
    JsonNode container = lit(expected.path("container"));
    if (container.isTextual()) assertThat(job.container().image().text()).isEqualTo(container.asText());
  }

  private static void checkRunsOn(JsonNode expected, RunsOn runsOn, String job) {
    if (expected.has("expr")) {
      assertThat(runsOn.isExpression()).as("runs-on of %s is an expression", job).isTrue();
      return;
    }
    Map<String, JsonNode> map = map(expected);
    List<String> labels = map.isEmpty() ? texts(expected) : texts(map.get("labels"));
    assertThat(runsOn.labels()).extracting(Value::text).as("runs-on labels of %s", job).containsExactlyElementsOf(labels);
    if (map.containsKey("group")) assertThat(runsOn.group().text()).isEqualTo(lit(map.get("group")).asText());
  }

  private static void checkStrategy(JsonNode expected, Job job) {
    Map<String, JsonNode> strategy = map(expected);
    if (strategy.containsKey("fail-fast")) {
      checkBool(strategy.get("fail-fast"), job.strategy().failFast(), "fail-fast of " + job.id());
    }
    if (strategy.containsKey("max-parallel")) {
      checkNumber(strategy.get("max-parallel"), job.strategy().maxParallel(), "max-parallel of " + job.id());
    }
    JsonNode matrix = strategy.get("matrix");
    if (matrix == null || !matrix.has("map")) return;
    List<String> vectors = new ArrayList<>(map(matrix).keySet());
    vectors.removeAll(List.of("include", "exclude"));
    assertThat(job.strategy().matrix().vectors()).as("matrix vectors of %s", job.id()).containsOnlyKeys(vectors);
    assertThat(job.strategy().matrix().include() != null).isEqualTo(map(matrix).containsKey("include"));
    assertThat(job.strategy().matrix().exclude() != null).isEqualTo(map(matrix).containsKey("exclude"));
  }

  /** A token with source information ({@code include-source: true}) holds its value under "lit", "bool" or "num". */
  private static JsonNode lit(JsonNode token) {
    if (token == null) return null;
    for (String field : List.of("lit", "bool", "num")) {
      if (token.has(field)) return token.get(field);
    }
    return token;
  }

  private static void checkBool(JsonNode token, BoolValue actual, String what) {
    JsonNode expected = lit(token);
    if (expected.has("expr")) assertThat(actual.expression()).as(what).isEqualTo(expected.get("expr").asText());
    else assertThat(actual.literal()).as(what).isEqualTo(expected.asBoolean());
  }

  private static void checkNumber(JsonNode token, NumberValue actual, String what) {
    JsonNode expected = lit(token);
    if (expected.has("expr")) assertThat(actual.expression()).as(what).isEqualTo(expected.get("expr").asText());
    else if (expected.isNumber()) assertThat(actual.literal()).as(what).isEqualTo(expected.asDouble());
  }

  private static Map<String, JsonNode> map(JsonNode token) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    token.path("map").forEach(e -> out.put(lit(e.get("Key")).asText(), e.get("Value")));
    return out;
  }

  private static List<String> texts(JsonNode token) {
    List<String> out = new ArrayList<>();
    if (token == null) return out;
    if (token.has("seq")) token.get("seq").forEach(t -> out.add(lit(t).asText()));
    else out.add(lit(token).asText());
    return out;
  }
}

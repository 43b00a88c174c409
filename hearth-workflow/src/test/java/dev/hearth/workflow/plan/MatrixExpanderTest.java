package dev.hearth.workflow.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every case of {@code plan/matrix-expansion.yml}; see that file for the rules covered. */
class MatrixExpanderTest {

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (JsonNode c : PlanFixtures.resource("matrix-expansion.yml").get("cases")) {
      cases.add(Arguments.of(c.get("name").asText(), c));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void expandsAsGithubDocuments(String name, JsonNode c) throws Exception {
    if (c.has("error")) {
      assertThatThrownBy(() -> MatrixExpander.expand(Matrix.fromJson(c.get("matrix"))))
          .isInstanceOf(MatrixException.class)
          .hasMessage(c.get("error").asText());
      return;
    }
    List<MatrixCombination> legs = MatrixExpander.expand(Matrix.fromJson(c.get("matrix")));
    if (c.has("count")) assertThat(legs).hasSize(c.get("count").asInt());
    if (c.has("legs")) {
      // toString keeps key order, so this also checks the order of keys within each leg
      assertThat(legs.stream().map(MatrixCombination::toString).toList())
          .containsExactlyElementsOf(texts(c.get("legs")));
    }
    if (c.has("names")) {
      assertThat(legs.stream().map(leg -> LegNames.of("build", leg)).toList())
          .containsExactlyElementsOf(strings(c.get("names")));
    }
  }

  private static List<String> texts(JsonNode list) {
    List<String> result = new ArrayList<>();
    list.forEach(node -> result.add(node.toString()));
    return result;
  }

  private static List<String> strings(JsonNode list) {
    List<String> result = new ArrayList<>();
    list.forEach(node -> result.add(node.asText()));
    return result;
  }
}

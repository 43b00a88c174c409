package dev.hearth.workflow.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case of GitHub's expression conformance data (actions/languageservices
 * {@code expressions/testdata}, copied under {@code hearth.shared}) against Hearth. A result
 * must match in kind and value (strings exactly, numbers numerically); an error must match in
 * kind, and its message must contain GitHub's, as GitHub's own harness checks.
 *
 * <p>Conscious differences: none. {@link #KNOWN_DIFFERENCES} lists any case Hearth deliberately
 * answers differently, with the reason.
 */
class ExpressionConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** "file/case name/expr" → why Hearth differs. Empty: Hearth agrees on every case. */
  static final Map<String, String> KNOWN_DIFFERENCES = Map.of();

  static Path fixtures() {
    String shared = System.getProperty("hearth.shared", "/work/shared");
    return Path.of(shared, "fixtures", "github-conformance", "expressions");
  }

  record Case(String file, String name, JsonNode json) {
    String id() {
      return file + "/" + name + " (" + json.get("expr").asText().replace("\n", "\\n") + ")";
    }
  }

  static List<Case> cases() throws IOException {
    List<Case> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(fixtures())) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        JsonNode root = JSON.readTree(f.toFile());
        String file = f.getFileName().toString().replace(".json", "");
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> group = it.next();
          for (JsonNode c : group.getValue()) {
            out.add(new Case(file, group.getKey(), c));
          }
        }
      }
    }
    return out;
  }

  @Test
  void fixturesArePresentAndPlentiful() throws IOException {
    assertThat(cases()).hasSizeGreaterThan(1000);
  }

  @TestFactory
  Stream<DynamicTest> hearthAgreesWithGitHubOnEveryConformanceCase() throws IOException {
    return cases().stream().filter(c -> !KNOWN_DIFFERENCES.containsKey(c.id()))
        .map(c -> DynamicTest.dynamicTest(c.id(), () -> check(c.json())));
  }

  static void check(JsonNode c) throws Exception {
    String expr = c.get("expr").asText();
    JsonNode contexts = c.has("contexts") ? c.get("contexts") : JSON.createObjectNode();
    ExpressionScope scope = scopeFor(contexts);
    EvaluationContext ctx = EvaluationContext.fromJson(contexts);
    if (c.has("err")) {
      String kind = c.get("err").get("kind").asText();
      String message = c.get("err").get("value").asText();
      ExpressionException.Kind expected = kind.equals("evaluation")
          ? ExpressionException.Kind.EVALUATION : ExpressionException.Kind.PARSING;
      assertThatThrownBy(() -> Evaluator.evaluate(ExpressionParser.parse(expr, scope), ctx))
          .isInstanceOfSatisfying(ExpressionException.class, e -> {
            assertThat(e.kind()).isEqualTo(expected);
            assertThat(e.getMessage()).contains(message);
          });
      return;
    }
    Value actual = Evaluator.evaluate(ExpressionParser.parse(expr, scope), ctx);
    JsonNode result = c.get("result");
    assertThat(actual.kindName()).isEqualTo(result.get("kind").asText());
    Value expectedValue = Values.fromJson(result.get("value"));
    assertThat(Values.toJsonText(actual)).isEqualTo(Values.toJsonText(expectedValue));
    if (actual instanceof Value.StringValue s) {
      assertTrue(s.value().equals(result.get("value").asText()), "string differs");
    }
  }

  static ExpressionScope scopeFor(JsonNode contexts) {
    List<String> names = new ArrayList<>();
    contexts.fieldNames().forEachRemaining(names::add);
    return new ExpressionScope(Set.copyOf(names), Set.of());
  }
}

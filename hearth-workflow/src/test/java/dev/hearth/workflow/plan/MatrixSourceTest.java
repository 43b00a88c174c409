package dev.hearth.workflow.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatrixSourceTest {

  private static JsonNode json(String yaml) {
    return PlanFixtures.yaml("m.yml", yaml);
  }

  private static List<String> legs(List<MatrixCombination> combinations) {
    return combinations.stream().map(MatrixCombination::toString).toList();
  }

  @Test
  void jobWithoutMatrixRunsOnceWithAnEmptyMatrix() throws Exception {
    List<MatrixCombination> legs = new MatrixSource.None().expand(text -> {
      throw new AssertionError("nothing to evaluate");
    });
    assertThat(legs).containsExactly(MatrixCombination.empty());
    assertThat(LegNames.of("build", legs.get(0))).isEqualTo("build");
  }

  @Test
  void wholeMatrixExpressionIsExpandedFromItsEvaluatedValue() throws Exception {
    List<String> asked = new ArrayList<>();
    MatrixSource source = MatrixSource.Deferred.of("${{ fromJSON(needs.setup.outputs.matrix) }}");
    List<MatrixCombination> legs = source.expand(text -> {
      asked.add(text);
      return json("{os: [linux, mac], include: [{os: mac, arch: arm64}]}");
    });
    assertThat(asked).containsExactly("${{ fromJSON(needs.setup.outputs.matrix) }}");
    assertThat(legs(legs)).containsExactly(
        "{\"os\":\"linux\"}", "{\"os\":\"mac\",\"arch\":\"arm64\"}");
  }

  @Test
  void expressionVectorsAndIncludesAreEvaluatedInPlace() throws Exception {
    JsonNode template = json("""
        version: ${{ fromJSON(github.event.client_payload.versions) }}
        os: [ubuntu-latest, '${{ inputs.extra-os }}']
        include: ${{ fromJSON(needs.a.outputs.include) }}
        """);
    assertThat(MatrixSource.Deferred.hasExpressions(template)).isTrue();
    TemplateEvaluator evaluate = text -> switch (text) {
      case "${{ fromJSON(github.event.client_payload.versions) }}" -> json("[12, 14]");
      case "${{ inputs.extra-os }}" -> json("macos-latest");
      case "${{ fromJSON(needs.a.outputs.include) }}" -> json("[{version: 14, lts: true}]");
      default -> throw new AssertionError(text);
    };
    List<MatrixCombination> legs = new MatrixSource.Deferred(template).expand(evaluate);
    assertThat(legs(legs)).containsExactly(
        "{\"version\":12,\"os\":\"ubuntu-latest\"}",
        "{\"version\":12,\"os\":\"macos-latest\"}",
        "{\"version\":14,\"os\":\"ubuntu-latest\",\"lts\":true}",
        "{\"version\":14,\"os\":\"macos-latest\",\"lts\":true}");
  }

  @Test
  void deferredMatrixThatEvaluatesToSomethingElseIsAnError() {
    MatrixSource source = MatrixSource.Deferred.of("${{ needs.a.outputs.m }}");
    assertThatThrownBy(() -> source.expand(text -> json("'not json'")))
        .isInstanceOf(MatrixException.class)
        .hasMessage("a matrix must be a mapping of vectors, found a string");
  }

  @Test
  void staticMatrixNeedsNoEvaluator() throws Exception {
    Matrix matrix = Matrix.fromJson(json("{node: [18, 20]}"));
    assertThat(legs(new MatrixSource.Static(matrix).expand(TemplateEvaluator.NONE)))
        .containsExactly("{\"node\":18}", "{\"node\":20}");
  }

  @Test
  void combinationsAreCopiesThatCallersCannotChange() throws Exception {
    JsonNode written = json("{os: [{name: linux}]}");
    MatrixCombination leg = MatrixExpander.expand(Matrix.fromJson(written)).get(0);
    ((com.fasterxml.jackson.databind.node.ObjectNode) written.get("os").get(0)).put("name", "x");
    leg.toJson().put("os", "changed");
    assertThat(leg.toString()).isEqualTo("{\"os\":{\"name\":\"linux\"}}");
    assertThatThrownBy(() -> leg.values().put("k", null))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}

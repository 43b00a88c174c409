package dev.hearth.workflow.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shared scenario {@code matrix-include-exclude} (copied under {@code plan/}), parsed and
 * planned: every leg's
 * {@code echo} line, with {@code ${{ matrix.x }}} replaced as GitHub would (a missing property is
 * the empty string), must give exactly what {@code expect.json} says appears and never what it
 * says must not.
 */
class MatrixFixtureTest {
  private static final String DIR = "matrix-include-exclude/";
  private static final Pattern MATRIX_REF = Pattern.compile("\\$\\{\\{\\s*matrix\\.([\\w-]+)\\s*}}");
  private static final Pattern ECHO = Pattern.compile("echo \"([^\"]*)\"");

  @Test
  void documentedIncludeAndExcludeExamplesProduceTheExpectedLegs() throws Exception {
    List<String> lines = new ArrayList<>();
    lines.addAll(legLines("include.yml", 6));
    lines.addAll(legLines("exclude.yml", 9));
    JsonNode expect = expectJson();
    for (JsonNode wanted : expect.get("output_contains")) {
      assertThat(lines).anyMatch(line -> line.contains(wanted.asText()));
    }
    for (JsonNode unwanted : expect.get("output_excludes")) {
      assertThat(lines).noneMatch(line -> line.contains(unwanted.asText()));
    }
  }

  private static List<String> legLines(String file, int expectedLegs) throws Exception {
    RunPlan plan = PlanFixtures.plan(DIR + ".github/workflows/" + file, "push");
    List<String> lines = new ArrayList<>();
    for (PlannedJob job : plan.jobs()) {
      assertThat(job.legs()).as(file).hasSize(expectedLegs);
      String run = job.job().steps().get(0).run().text();
      for (JobLeg leg : job.legs()) lines.add(render(run, leg.matrix().values()));
    }
    return lines;
  }

  private static String render(String run, Map<String, JsonNode> matrix) {
    Matcher echo = ECHO.matcher(run);
    assertThat(echo.find()).as(run).isTrue();
    return MATRIX_REF.matcher(echo.group(1)).replaceAll(ref -> {
      JsonNode value = matrix.get(ref.group(1));
      return Matcher.quoteReplacement(value == null ? "" : MatrixValues.text(value));
    });
  }

  private static JsonNode expectJson() throws Exception {
    try (InputStream in = MatrixFixtureTest.class.getResourceAsStream("/plan/" + DIR + "expect.json")) {
      return new ObjectMapper().readTree(in);
    }
  }
}

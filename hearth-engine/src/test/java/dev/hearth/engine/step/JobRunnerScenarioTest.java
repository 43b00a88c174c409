package dev.hearth.engine.step;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.engine.Conclusion;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The whole-job scenarios under {@code src/test/resources/step/}, one per directory (see its README). */
class JobRunnerScenarioTest {
  @TempDir Path tmp;

  static Stream<String> scenarios() throws IOException, URISyntaxException {
    Path root = Path.of(JobRunnerScenarioTest.class.getResource("/step").toURI());
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void scenarioEndsAsExpected(String name) throws Exception {
    Path dir = Path.of(getClass().getResource("/step/" + name).toURI());
    List<String[]> expected = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("expected.txt"))) {
      if (line.isBlank()) continue;
      int colon = line.indexOf(": ");
      expected.add(new String[] {line.substring(0, colon), line.substring(colon + 2)});
    }
    try (StepHarness h = new StepHarness(tmp)) {
      expected.stream().filter(e -> e[0].startsWith("secret ")).forEach(e -> h.secrets.put(e[0].substring(7), e[1]));
      JobOutcome out = h.run(Files.readString(dir.resolve("workflow.yml")));
      Map<String, List<String>> outputs = new LinkedHashMap<>();
      for (String[] e : expected) {
        String key = e[0];
        String value = e[1];
        if (key.equals("result")) assertThat(out.result().githubName()).isEqualTo(value);
        else if (key.startsWith("step ")) {
          String[] oc = value.split("/");
          String id = key.substring(5);
          assertThat(h.outcome(id)).as("outcome of %s", id).isEqualTo(conclusion(oc[0]));
          assertThat(h.conclusion(id)).as("conclusion of %s", id).isEqualTo(conclusion(oc[1]));
        } else if (key.startsWith("out ")) outputs.computeIfAbsent(key.substring(4), k -> new ArrayList<>()).add(value);
        else if (key.startsWith("output ")) assertThat(out.outputs()).containsEntry(key.substring(7), value);
        else if (key.equals("absent")) {
          assertThat(h.allText()).noneMatch(t -> t.contains(value));
          assertThat(out.outputs().values()).noneMatch(t -> t.contains(value));
          assertThat(out.stepSummaries().values()).noneMatch(t -> t.contains(value));
        }
      }
      outputs.forEach((id, lines) -> assertThat(h.output(id)).as("output of %s", id).containsExactlyElementsOf(lines));
    }
  }

  private static Conclusion conclusion(String name) {
    return Conclusion.valueOf(name.toUpperCase(Locale.ROOT));
  }
}

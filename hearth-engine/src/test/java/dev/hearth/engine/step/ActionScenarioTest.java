package dev.hearth.engine.step;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.engine.Conclusion;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The action scenarios under {@code src/test/resources/actions/} (see its README), each run in a
 * real host VM with the action files in the workspace and the VM's {@code node}.
 */
@Timeout(120)
class ActionScenarioTest {
  @TempDir Path tmp;

  static Stream<String> scenarios() throws IOException, URISyntaxException {
    Path root = Path.of(ActionScenarioTest.class.getResource("/actions").toURI());
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void scenarioEndsAsExpected(String name) throws Exception {
    Path dir = Path.of(getClass().getResource("/actions/" + name).toURI());
    try (StepHarness h = new StepHarness(tmp)) {
      h.vm.copyIn(dir.resolve("workspace"), h.workspace);
      JobOutcome out = h.run(Files.readString(dir.resolve("workflow.yml")));
      Map<String, List<String>> outputs = new LinkedHashMap<>();
      for (String line : Files.readAllLines(dir.resolve("expected.txt"))) {
        if (line.isBlank()) continue;
        int colon = line.indexOf(": ");
        String key = line.substring(0, colon);
        String value = line.substring(colon + 2);
        if (key.equals("result")) assertThat(out.result().githubName()).as("job result; log: %s", h.allText()).isEqualTo(value);
        else if (key.equals("order")) assertThat(h.started()).isEqualTo(Arrays.asList(value.split(", ")));
        else if (key.equals("text")) assertThat(h.allText()).anyMatch(t -> t.contains(value));
        else if (key.startsWith("step ")) {
          String[] oc = value.split("/");
          String id = key.substring(5);
          assertThat(h.outcome(id)).as("outcome of %s; log: %s", id, h.lines(id)).isEqualTo(conclusion(oc[0]));
          assertThat(h.conclusion(id)).as("conclusion of %s", id).isEqualTo(conclusion(oc[1]));
        } else if (key.startsWith("out ")) outputs.computeIfAbsent(key.substring(4), k -> new ArrayList<>()).add(value);
      }
      outputs.forEach((id, lines) -> assertThat(h.output(id)).as("output of %s; log: %s", id, h.lines(id))
          .containsExactlyElementsOf(lines));
    }
  }

  private static Conclusion conclusion(String name) {
    return Conclusion.valueOf(name.toUpperCase(Locale.ROOT));
  }
}

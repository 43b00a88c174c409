package dev.hearth.workflow.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.workflow.source.WorkflowError;
import dev.hearth.workflow.yaml.YamlLoader;
import dev.hearth.workflow.yaml.YamlMapping;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The workflow scenario {@code event-filters} (copied from ../shared/fixtures/workflows): for the
 * event in its {@code expect.json}, exactly the workflows under {@code runs} are selected and none
 * of those under {@code not_run}.
 */
class EventFiltersScenarioTest {

  @Test
  void selectsExactlyTheWorkflowsTheScenarioExpects() throws Exception {
    Path dir = scenario("event-filters");
    ObjectMapper json = new ObjectMapper();
    JsonNode expect = json.readTree(dir.resolve("expect.json").toFile());
    Event event = Event.fromPayload(expect.path("event").asText(),
        json.readTree(dir.resolve(expect.path("event_file").asText()).toFile()));

    Map<String, Boolean> selected = new TreeMap<>();
    for (Path file : workflows(dir)) {
      selected.put(file.getFileName().toString(), EventSelector.selects(triggers(file), event));
    }

    List<String> expectedRuns = new ArrayList<>();
    expect.path("runs").fieldNames().forEachRemaining(expectedRuns::add);
    List<String> notRun = new ArrayList<>();
    expect.path("not_run").forEach(n -> notRun.add(n.asText()));
    assertThat(selected).containsOnlyKeys(Stream.concat(expectedRuns.stream(), notRun.stream()).toList());
    expectedRuns.forEach(f -> assertThat(selected.get(f)).as(f).isTrue());
    notRun.forEach(f -> assertThat(selected.get(f)).as(f).isFalse());
  }

  private static Triggers triggers(Path file) throws Exception {
    YamlMapping root = (YamlMapping) new YamlLoader().load(file.toString(), Files.readString(file));
    List<WorkflowError> errors = new ArrayList<>();
    Triggers t = TriggersParser.parse(root.get("on").orElseThrow(), errors);
    assertThat(errors).as(file.toString()).isEmpty();
    return t;
  }

  private static List<Path> workflows(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve(".github/workflows"))) {
      return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
    }
  }

  private static Path scenario(String name) throws URISyntaxException {
    return Path.of(EventFiltersScenarioTest.class.getResource("/event/scenarios/" + name).toURI());
  }
}

package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.vm.probe.HostSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario under {@code src/test/resources/scenarios/} (see its README): run with
 * {@code hearth run --json} on every provider in {@link #PROVIDERS} that works on this host, in a git
 * checkout made from the folder, and checked against everything its {@code expect.json} states. A
 * provider that does not work here is skipped with its probe's reason, never replaced by another.
 */
class WorkflowScenariosTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** The providers every scenario runs on; add a provider's name here to hold it to the same outcomes. */
  static final List<String> PROVIDERS = List.of("host", "sandbox", "gvisor", "microvm");

  static Stream<Arguments> scenarios() throws IOException, URISyntaxException {
    List<String> names;
    try (Stream<Path> dirs = Files.list(root())) {
      names = dirs.filter(d -> Files.isRegularFile(d.resolve("expect.json"))).map(d -> d.getFileName().toString())
          .sorted().toList();
    }
    return PROVIDERS.stream().flatMap(provider -> names.stream().map(name -> Arguments.of(provider, name)));
  }

  private static Path root() throws URISyntaxException {
    return Path.of(WorkflowScenariosTest.class.getResource("/scenarios").toURI());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("scenarios")
  void scenarioRunsAsItsExpectJsonSays(String provider, String name) throws Exception {
    HostSupport support = Providers.support(provider).orElseThrow(() -> new AssertionError("provider " + provider + " is not registered"));
    assumeTrue(support.works(), "provider " + provider + " does not work on this host: " + support.why());
    JsonNode expect = JSON.readTree(root().resolve(name).resolve("expect.json").toFile());
    Repo repo = Repo.init(tmp.resolve(name), "main");
    copy(root().resolve(name), repo.dir());
    repo.commit();
    List<String> args = new ArrayList<>(List.of("run", expect.path("event").asText("push"), "-C", repo.dir().toString(),
        "--json", "--provider", provider));
    if (expect.has("event_file")) args.addAll(List.of("-e", repo.dir().resolve(expect.get("event_file").asText()).toString()));
    if (expect.has("secrets")) args.addAll(List.of("--secret-file", secretFile(expect.get("secrets")).toString()));
    long start = System.nanoTime();
    CliRun run = CliRun.of(args.toArray(String[]::new));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    check(provider + ": " + name, expect, run, took);
  }

  private static void check(String name, JsonNode expect, CliRun run, Duration took) {
    EventStream events = EventStream.parse(run.out());
    String log = events.logText();
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(run.exitCode()).as("exit status; stderr: %s", run.err()).isEqualTo(expect.path("exit").asInt());
    soft.assertThat(events.allocatedVms()).as("VMs allocated").hasSize(expect.path("vms").asInt());
    expect.path("runs").properties().forEach(e -> {
      String runId = events.runOf(e.getKey());
      soft.assertThat(runId).as("a run of %s", e.getKey()).isNotNull();
      if (runId == null) return;
      soft.assertThat(events.ofRun(runId, "run.finished")).as("run.finished of %s", e.getKey())
          .singleElement().extracting(f -> f.path("result").asText()).isEqualTo(e.getValue().path("result").asText());
      e.getValue().path("jobs").properties().forEach(j -> soft.assertThat(events.jobResult(runId, j.getKey()))
          .as("result of job %s in %s", j.getKey(), e.getKey()).isEqualTo(j.getValue().asText()));
    });
    expect.path("not_run").forEach(f -> soft.assertThat(events.runOf(f.asText())).as("%s must not run", f.asText()).isNull());
    expect.path("output_contains").forEach(s -> soft.assertThat(log).as("log output").contains(s.asText()));
    expect.path("output_excludes").forEach(s -> soft.assertThat(log).as("log output").doesNotContain(s.asText()));
    if (expect.has("max_seconds")) {
      soft.assertThat(took).as("wall time").isLessThanOrEqualTo(Duration.ofSeconds(expect.get("max_seconds").asLong()));
    }
    soft.assertThat(events.ofType("vm.released")).as("every VM released").hasSameSizeAs(events.ofType("vm.allocated"));
    try {
      soft.assertAll();
    } catch (AssertionError e) {
      throw new AssertionError("scenario " + name + ": " + e.getMessage(), e);
    }
  }

  private Path secretFile(JsonNode secrets) throws IOException {
    StringBuilder b = new StringBuilder();
    secrets.properties().forEach(e -> b.append(e.getKey()).append("='").append(e.getValue().asText()).append("'\n"));
    return Files.writeString(tmp.resolve("secrets.env"), b.toString());
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      walk.forEach(p -> {
        try {
          Path target = to.resolve(from.relativize(p).toString());
          if (Files.isDirectory(p)) Files.createDirectories(target);
          else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}

package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.testing.LaneScheduler;
import dev.hearth.testing.TestLocks;
import dev.hearth.vm.probe.HostSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario under {@code src/test/resources/scenarios/} (see its README): run with
 * {@code hearth run --json} on every provider in {@link #PROVIDERS} that works on this host, in a git
 * checkout made from the folder, and checked against everything its {@code expect.json} states. A
 * provider that does not work here is skipped with its probe's reason, never replaced by another.
 *
 * <p>The cells (a scenario on a provider) run before their checks, {@link #PARALLELISM} at once and
 * never two on one provider at once (so a CPU-bound microVM under TCG runs alone among its own, and no
 * provider's state directory is shared by two runs of this test): the scenarios that declare a
 * {@code max_seconds} bound first, and of each scenario the stronger (slower) providers first. Most
 * of the time is the {@code timeouts} scenario's minute-long sleeps, which need no CPU, and the
 * microVM's emulated CPU. Each test method then checks its own cell's outcome.
 * {@code -Dhearth.scenarios.parallel=1} runs them one after another. The class itself runs beside
 * the module's other test classes.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = TestLocks.CHILD_PROCESSES, mode = ResourceAccessMode.READ)
class WorkflowScenariosTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The providers every scenario runs on; add a provider's name here to hold it to the same outcomes. */
  static final List<String> PROVIDERS = List.of("host", "sandbox", "gvisor", "microvm");

  /** How many cells run at once. */
  static final int PARALLELISM = Integer.getInteger("hearth.scenarios.parallel", 3);

  /** How long one test waits for its cell, queueing included: a hang guard, not a speed bound. */
  private static final Duration CELL_LIMIT = Duration.ofMinutes(12);

  private static LaneScheduler<String> scheduler;
  private static final Map<String, CompletableFuture<Outcome>> CELLS = new ConcurrentHashMap<>();

  /** What running one cell gave: the command's exit, output and wall time. */
  private record Outcome(CliRun run, Duration took) {}

  static Stream<Arguments> scenarios() throws IOException, URISyntaxException {
    List<String> names = names();
    return PROVIDERS.stream().flatMap(provider -> names.stream().map(name -> Arguments.of(provider, name)));
  }

  private static List<String> names() throws IOException, URISyntaxException {
    try (Stream<Path> dirs = Files.list(root())) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("expect.json"))).map(d -> d.getFileName().toString())
          .sorted().toList();
    }
  }

  private static Path root() throws URISyntaxException {
    return Path.of(WorkflowScenariosTest.class.getResource("/scenarios").toURI());
  }

  @BeforeAll
  static void startEveryCell(@TempDir Path tmp) throws Exception {
    scheduler = new LaneScheduler<>("scenario", PARALLELISM);
    List<String> names = new ArrayList<>(names());
    // the scenarios that bound their wall time are the long ones: longest first, then by name
    names.sort(Comparator.comparingLong(WorkflowScenariosTest::maxSeconds).reversed());
    for (String name : names) {
      for (String provider : PROVIDERS.reversed()) { // the stronger providers are the slower ones: first
        if (!Providers.support(provider).map(HostSupport::works).orElse(false)) continue;
        Path dir = tmp.resolve(provider).resolve(name);
        CELLS.put(key(provider, name), scheduler.submit(provider, () -> runCell(provider, name, dir)));
      }
    }
    scheduler.start();
  }

  @AfterAll
  static void stopCells() {
    if (scheduler != null) scheduler.close();
    CELLS.clear();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("scenarios")
  void scenarioRunsAsItsExpectJsonSays(String provider, String name) throws Exception {
    HostSupport support = Providers.support(provider).orElseThrow(() -> new AssertionError("provider " + provider + " is not registered"));
    assumeTrue(support.works(), "provider " + provider + " does not work on this host: " + support.why());
    JsonNode expect = expect(name);
    Outcome outcome = await(provider, name);
    check(provider + ": " + name, expect, outcome.run(), outcome.took());
  }

  private static Outcome await(String provider, String name) throws Exception {
    CompletableFuture<Outcome> cell = CELLS.get(key(provider, name));
    if (cell == null) throw new AssertionError("no cell was started for " + key(provider, name));
    try {
      return cell.get(CELL_LIMIT.toMinutes(), TimeUnit.MINUTES);
    } catch (TimeoutException e) {
      throw new AssertionError("cell " + key(provider, name) + " did not end within " + CELL_LIMIT.toMinutes()
          + " minutes (queued and running)", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) throw cause;
      throw new AssertionError("cell " + key(provider, name) + " failed", e.getCause());
    }
  }

  private static Outcome runCell(String provider, String name, Path dir) throws Exception {
    JsonNode expect = expect(name);
    Repo repo = Repo.init(dir.resolve("repo"), "main");
    copy(root().resolve(name), repo.dir());
    repo.commit();
    List<String> args = new ArrayList<>(List.of("run", expect.path("event").asText("push"), "-C", repo.dir().toString(),
        "--json", "--provider", provider));
    if (expect.has("event_file")) args.addAll(List.of("-e", repo.dir().resolve(expect.get("event_file").asText()).toString()));
    if (expect.has("secrets")) args.addAll(List.of("--secret-file", secretFile(dir, expect.get("secrets")).toString()));
    long start = System.nanoTime();
    CliRun run = CliRun.of(args.toArray(String[]::new));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    System.out.printf("[scenarios] %s took=%dms exit=%d%n", key(provider, name), took.toMillis(), run.exitCode());
    return new Outcome(run, took);
  }

  private static JsonNode expect(String name) throws IOException, URISyntaxException {
    return JSON.readTree(root().resolve(name).resolve("expect.json").toFile());
  }

  private static long maxSeconds(String name) {
    try {
      return expect(name).path("max_seconds").asLong(0);
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException("scenario " + name + ": cannot read expect.json: " + e.getMessage(), e);
    }
  }

  private static String key(String provider, String name) {
    return provider + ": " + name;
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

  private static Path secretFile(Path dir, JsonNode secrets) throws IOException {
    StringBuilder b = new StringBuilder();
    secrets.properties().forEach(e -> b.append(e.getKey()).append("='").append(e.getValue().asText()).append("'\n"));
    return Files.writeString(dir.resolve("secrets.env"), b.toString());
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

package dev.hearth.workflow.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.workflow.model.Job;
import dev.hearth.workflow.model.Step;
import dev.hearth.workflow.model.Workflow;
import dev.hearth.workflow.parse.ConformanceFixture.ExpectedError;
import dev.hearth.workflow.source.WorkflowError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs GitHub's own workflow-reader cases (actions/languageservices) against {@link WorkflowParser}:
 * each workflow must be accepted or rejected as GitHub does; each expected error must be reported at
 * the same line and column with the same meaning (see {@link GithubMessages}), and no error may
 * appear where GitHub reports none; for accepted workflows the derived values Hearth models (job
 * and step ids, normalised {@code if}, {@code needs}, {@code runs-on}, {@code continue-on-error},
 * {@code timeout-minutes}, static matrix vectors, {@code fail-fast}, {@code max-parallel}) must agree.
 */
class WorkflowReaderConformanceTest {

  /** What Hearth does instead, in a case it consciously does not follow, and why. */
  record Difference(boolean hearthAccepts, String reason) {}

  /**
   * Cases Hearth consciously does not follow, by file name prefix. They are not skipped: each is
   * checked to give Hearth's own outcome (accepted or rejected), so a change of either side shows.
   */
  static final Map<String, Difference> DIFFERENCES = new LinkedHashMap<>();

  static {
    DIFFERENCES.put("errors-reusable-workflow-max-result-size", new Difference(true,
        "bounds GitHub's serialised result of all callees, which Hearth does not produce"));
    DIFFERENCES.put("errors-max-job-limit-with-reusable-workflow", new Difference(true,
        "counts the jobs of called workflows against a limit whose default GitHub does not document"));
    DIFFERENCES.put("errors-anchor-tag", new Difference(true,
        "GitHub now accepts YAML anchors and so does Hearth; the fixture predates that"));
    DIFFERENCES.put("errors-max-result-size", new Difference(true, "max-result-size bounds GitHub's serialised"
        + " template result, which Hearth does not produce; Hearth bounds nodes after alias expansion instead"));
    DIFFERENCES.put("round-to-infinity", new Difference(false, "Hearth requires timeout-minutes to be greater"
        + " than zero; GitHub accepts a negative number (which rounds to -infinity)"));
    DIFFERENCES.put("job-if", new Difference(false, "the expression language rejects success('build', 'build2'):"
        + " GitHub's documentation gives the status functions no arguments"));
    DIFFERENCES.put("events-mapping-all", new Difference(false, "Hearth rejects 'branches' with 'branches-ignore'"
        + " on one event, as GitHub's documentation says; GitHub's reader accepts the pair"));
    DIFFERENCES.put("on-workflow_dispatch-unknown-keys-ignored", new Difference(false, "Hearth reports unknown"
        + " keys under workflow_dispatch (another of GitHub's own cases expects that error); this one ignores them"));
    DIFFERENCES.put("background-steps", new Difference(false,
        "background steps are an experimental GitHub feature behind a flag; Hearth reports their keys as unknown"));
  }

  @TestFactory
  Stream<DynamicTest> everyGithubReaderCase() throws Exception {
    Path dir = Path.of(System.getProperty("hearth.shared", "/work/shared"),
        "fixtures/github-conformance/workflow-parser/reader");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
  }

  private static void check(Path path) throws Exception {
    ConformanceFixture fixture = ConformanceFixture.read(path);
    WorkflowParser parser = new WorkflowParser(fixture.limits());
    ParseResult result = parser.parse(".github/workflows/" + fixture.name(), fixture.workflow());
    List<WorkflowError> errors = new ArrayList<>(result.errors());
    if (result.isValid()) {
      errors.addAll(ReusableCallChecker.check(result.workflow(), uses -> Optional.ofNullable(
          fixture.callees().get(uses)).flatMap(text -> parser.parse(uses, text).workflowIfValid()),
          fixture.policy(), fixture.maxNestingDepth()));
    }
    Difference difference = DIFFERENCES.entrySet().stream().filter(d -> fixture.name().startsWith(d.getKey()))
        .map(Map.Entry::getValue).findFirst().orElse(null);
    if (difference != null) {
      assertThat(errors.isEmpty()).as("Hearth %s this workflow: %s; errors: %s",
          difference.hearthAccepts() ? "accepts" : "rejects", difference.reason(), errors)
          .isEqualTo(difference.hearthAccepts());
    } else if (fixture.expectsErrors()) {
      checkErrors(fixture.expectedErrors(), errors);
    } else {
      assertThat(errors).as("errors of a workflow GitHub accepts").isEmpty();
      checkDerived(fixture.expected(), result.workflow());
    }
  }

  private static void checkErrors(List<ExpectedError> expected, List<WorkflowError> actual) {
    assertThat(actual).as("GitHub rejects this workflow").isNotEmpty();
    List<String> problems = new ArrayList<>();
    for (ExpectedError e : expected) {
      boolean found = actual.stream().anyMatch(a -> samePlace(e, a) && GithubMessages.sameMeaning(e.message(), a.message()));
      if (!found) problems.add("missing " + e);
    }
    for (WorkflowError a : actual) {
      if (expected.stream().noneMatch(e -> samePlace(e, a))) problems.add("unexpected " + a.render());
    }
    assertThat(problems).as("all reported: %s", actual).isEmpty();
  }

  private static boolean samePlace(ExpectedError e, WorkflowError a) {
    return e.line() == 0 || (a.position().line() == e.line() && a.position().column() == e.column());
  }

  private static void checkDerived(JsonNode expected, Workflow workflow) {
    List<JsonNode> jobs = new ArrayList<>();
    expected.path("jobs").forEach(jobs::add);
    assertThat(workflow.jobs()).extracting(Job::id).containsExactlyElementsOf(jobs.stream().map(j -> literal(j.get("id"))).toList());
    for (int i = 0; i < jobs.size(); i++) checkJob(jobs.get(i), workflow.jobs().get(i));
  }

  private static void checkJob(JsonNode expected, Job job) {
    if (expected.has("if")) assertThat(job.condition().text()).as("if of job %s", job.id()).isEqualTo(expr(expected.get("if")));
    List<String> needs = new ArrayList<>();
    expected.path("needs").forEach(n -> needs.add(literal(n)));
    assertThat(job.needs()).extracting(n -> n.jobId()).as("needs of %s", job.id()).containsExactlyElementsOf(needs);
    DerivedValues.checkJobSettings(expected, job);
    List<JsonNode> steps = new ArrayList<>();
    expected.path("steps").forEach(steps::add);
    assertThat(job.steps()).extracting(Step::id).as("step ids of %s", job.id())
        .containsExactlyElementsOf(steps.stream().map(s -> literal(s.get("id"))).toList());
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).has("if")) {
        assertThat(job.steps().get(i).condition().text()).as("if of step %s", job.steps().get(i).id())
            .isEqualTo(expr(steps.get(i).get("if")));
      }
    }
  }

  private static String expr(JsonNode node) {
    return node.has("expr") ? node.get("expr").asText() : literal(node);
  }

  private static String literal(JsonNode node) {
    return node.isTextual() ? node.asText() : node.path("lit").asText(node.toString());
  }
}

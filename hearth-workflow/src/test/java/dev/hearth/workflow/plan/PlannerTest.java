package dev.hearth.workflow.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.workflow.event.Event;
import dev.hearth.workflow.expr.EvaluationContext;
import dev.hearth.workflow.parse.WorkflowParser;
import dev.hearth.workflow.source.WorkflowSyntaxException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {

  static RunPlan plan(String yaml) throws WorkflowSyntaxException {
    return Planner.plan(new WorkflowParser().parse("w.yml", yaml).orThrow(), Event.named("push"));
  }

  private static List<String> names(PlannedJob job) {
    return job.legs().stream().map(JobLeg::name).toList();
  }

  @Test
  void jobsComeInDependencyOrderWithDirectAndTransitiveNeeds() throws Exception {
    RunPlan plan = plan("""
        on: push
        jobs:
          d:
            needs: [B]
            runs-on: ubuntu-latest
            steps: [{run: echo d}]
          a:
            runs-on: ubuntu-latest
            steps: [{run: echo a}]
          b:
            needs: a
            runs-on: ubuntu-latest
            steps: [{run: echo b}]
          c:
            needs: a
            runs-on: ubuntu-latest
            steps: [{run: echo c}]
        """);
    // d is written first, so it runs as soon as b has finished, before c
    assertThat(plan.jobs().stream().map(PlannedJob::id)).containsExactly("a", "b", "d", "c");
    PlannedJob d = plan.job("d").orElseThrow();
    assertThat(d.needs()).as("needs are matched ignoring case").containsExactly("b");
    assertThat(d.transitiveNeeds()).containsExactly("a", "b");
    assertThat(plan.graph().transitiveDependents("a")).containsExactly("d", "b", "c");
    assertThat(plan.event().name()).isEqualTo("push");
  }

  @Test
  void jobWithoutMatrixRunsAsOneLegWithGithubsStrategyContext() throws Exception {
    PlannedJob job = plan("""
        on: push
        jobs:
          lint:
            runs-on: ubuntu-latest
            steps: [{run: echo}]
        """).jobs().get(0);
    assertThat(job.isDeferred()).isFalse();
    assertThat(names(job)).containsExactly("lint");
    assertThat(job.legs().get(0).matrix().isEmpty()).isTrue();
    assertThat(job.legs().get(0).strategy().toJson().toString())
        .isEqualTo("{\"fail-fast\":true,\"job-index\":0,\"job-total\":1,\"max-parallel\":1}");
  }

  @Test
  void matrixLegsAreNamedAfterTheJobAndNumberedInOrder() throws Exception {
    PlannedJob job = plan("""
        on: push
        jobs:
          build:
            name: Build
            runs-on: ${{ matrix.os }}
            strategy:
              fail-fast: false
              max-parallel: 2
              matrix:
                os: [ubuntu-latest, windows-latest]
                node: [18, 20]
            steps: [{run: echo}]
        """).jobs().get(0);
    assertThat(names(job)).containsExactly("Build (ubuntu-latest, 18)", "Build (ubuntu-latest, 20)",
        "Build (windows-latest, 18)", "Build (windows-latest, 20)");
    assertThat(job.legs().get(3).strategy())
        .isEqualTo(new StrategyContext(false, 3, 4, 2));
    assertThat(job.legs().get(3).matrix().toString())
        .isEqualTo("{\"os\":\"windows-latest\",\"node\":20}");
  }

  @Test
  void maxParallelDefaultsToTheNumberOfLegsAndFailFastToTrue() throws Exception {
    PlannedJob job = plan("""
        on: push
        jobs:
          t:
            runs-on: ubuntu-latest
            strategy:
              matrix:
                n: [1, 2, 3]
            steps: [{run: echo}]
        """).jobs().get(0);
    assertThat(job.legs()).extracting(JobLeg::strategy).containsExactly(
        new StrategyContext(true, 0, 3, 3), new StrategyContext(true, 1, 3, 3),
        new StrategyContext(true, 2, 3, 3));
  }

  @Test
  void matrixFromAnotherJobsOutputIsExpandedWhenTheJobIsReady() throws Exception {
    PlannedJob job = plan("""
        on: push
        jobs:
          setup:
            runs-on: ubuntu-latest
            outputs:
              matrix: ${{ steps.m.outputs.matrix }}
            steps: [{id: m, run: echo}]
          test:
            needs: setup
            runs-on: ubuntu-latest
            strategy:
              fail-fast: ${{ github.ref == 'refs/heads/main' }}
              matrix: ${{ fromJSON(needs.setup.outputs.matrix) }}
            steps: [{run: echo}]
        """).job("test").orElseThrow();
    assertThat(job.isDeferred()).isTrue();
    assertThat(job.legs()).isEmpty();
    EvaluationContext context = EvaluationContext.fromJson(new ObjectMapper().readTree("""
        {"github": {"ref": "refs/heads/dev"},
         "needs": {"setup": {"result": "success",
                             "outputs": {"matrix": "{\\"os\\": [\\"linux\\", \\"mac\\"]}"}}}}
        """));
    List<JobLeg> legs = job.legs(TemplateEvaluator.of(context));
    assertThat(legs).extracting(JobLeg::name).containsExactly("test (linux)", "test (mac)");
    assertThat(legs.get(1).strategy()).isEqualTo(new StrategyContext(false, 1, 2, 2));
  }

  @Test
  void vectorWithAnExpressionDefersOnlyThatJob() throws Exception {
    RunPlan plan = plan("""
        on: push
        jobs:
          now:
            runs-on: ubuntu-latest
            strategy:
              matrix:
                v: [1]
            steps: [{run: echo}]
          later:
            runs-on: ubuntu-latest
            strategy:
              matrix:
                v: ${{ fromJSON(vars.VERSIONS) }}
                include:
                  - v: 3
                    extra: yes
            steps: [{run: echo}]
        """);
    assertThat(plan.job("now").orElseThrow().isDeferred()).isFalse();
    PlannedJob later = plan.job("later").orElseThrow();
    assertThat(later.isDeferred()).isTrue();
    EvaluationContext context = EvaluationContext.fromJson(
        new ObjectMapper().readTree("{\"vars\": {\"VERSIONS\": \"[2, 3]\"}}"));
    assertThat(later.legs(TemplateEvaluator.of(context))).extracting(JobLeg::name)
        .containsExactly("later (2)", "later (3, yes)");
    assertThat(plan.knownLegs()).isEqualTo(1);
  }

  @Test
  void matrixOverTheJobLimitIsReportedAtTheMatrix() {
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 17; i++) values.append(i == 0 ? "" : ", ").append(i);
    String yaml = """
        on: push
        jobs:
          big:
            runs-on: ubuntu-latest
            strategy:
              matrix:
                a: [%s]
                b: [%s]
            steps: [{run: echo}]
        """.formatted(values, values);
    assertThatThrownBy(() -> plan(yaml))
        .isInstanceOf(WorkflowSyntaxException.class)
        .hasMessage("w.yml:7:9: a matrix may produce at most 256 jobs; this one produces 289");
  }

  @Test
  void maxParallelFromAnExpressionIsEvaluatedWhenTheJobIsReady() throws Exception {
    PlannedJob job = plan("""
        on: push
        jobs:
          t:
            runs-on: ubuntu-latest
            strategy:
              max-parallel: ${{ vars.LIMIT }}
              matrix:
                n: [1, 2, 3]
            steps: [{run: echo}]
        """).jobs().get(0);
    assertThat(job.isDeferred()).isTrue();
    TemplateEvaluator limit = TemplateEvaluator.of(EvaluationContext.fromJson(
        new ObjectMapper().readTree("{\"vars\": {\"LIMIT\": \"2\"}}")));
    assertThat(job.legs(limit)).extracting(leg -> leg.strategy().maxParallel())
        .containsExactly(2, 2, 2);
    TemplateEvaluator zero = TemplateEvaluator.of(EvaluationContext.fromJson(
        new ObjectMapper().readTree("{\"vars\": {\"LIMIT\": \"0\"}}")));
    assertThatThrownBy(() -> job.legs(zero))
        .isInstanceOf(MatrixException.class)
        .hasMessage("strategy 'max-parallel' must be a number greater than zero, "
            + "but its expression gave 0");
  }

  @Test
  void workflowIsPlannedOnlyForEventsItsOnSelects() throws Exception {
    var workflow = new WorkflowParser().parse(".github/workflows/ci.yml", """
        on:
          push:
            branches: [main]
        jobs:
          a:
            runs-on: ubuntu-latest
            steps: [{run: echo}]
        """).orThrow();
    Event toMain = Event.fromPayload("push",
        new ObjectMapper().readTree("{\"ref\": \"refs/heads/main\"}"));
    Event toDev = Event.fromPayload("push",
        new ObjectMapper().readTree("{\"ref\": \"refs/heads/dev\"}"));
    assertThat(Planner.planIfSelected(workflow, toMain)).isPresent();
    assertThat(Planner.planIfSelected(workflow, toDev)).isEmpty();
    assertThat(Planner.planIfSelected(workflow, Event.named("pull_request"))).isEmpty();
  }

  @Test
  void planIsImmutable() throws Exception {
    RunPlan plan = plan("""
        on: push
        jobs:
          a:
            runs-on: ubuntu-latest
            steps: [{run: echo}]
        """);
    assertThatThrownBy(() -> plan.jobs().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> plan.jobs().get(0).legs().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}

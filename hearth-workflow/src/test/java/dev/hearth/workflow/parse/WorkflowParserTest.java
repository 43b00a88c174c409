package dev.hearth.workflow.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.workflow.model.Job;
import dev.hearth.workflow.model.Step;
import dev.hearth.workflow.model.Value;
import dev.hearth.workflow.model.Workflow;
import dev.hearth.workflow.source.WorkflowError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the parsed model holds: defaults, derived ids, the forms of each key, positions. */
class WorkflowParserTest {
  private final WorkflowParser parser = new WorkflowParser();

  private Workflow parse(String yaml) {
    ParseResult result = parser.parse("w.yml", yaml);
    assertThat(result.errors()).extracting(WorkflowError::render).isEmpty();
    return result.workflow();
  }

  @Test
  void jobsKeepFileOrderAndDefaults() {
    Workflow w = parse("""
        on: push
        jobs:
          zeta:
            runs-on: ubuntu-latest
            steps: [{run: echo z}]
          alpha:
            needs: zeta
            runs-on: ubuntu-latest
            steps: [{run: echo a}]
        """);
    assertThat(w.jobs()).extracting(Job::id).containsExactly("zeta", "alpha");
    Job zeta = w.jobs().get(0);
    assertThat(zeta.condition().text()).isEqualTo("success()");
    assertThat(zeta.continueOnError().literal()).isFalse();
    assertThat(zeta.timeoutMinutes()).isNull();
    assertThat(w.jobs().get(1).needs()).extracting(n -> n.jobId()).containsExactly("zeta");
    assertThat(w.jobs().get(1).needs().get(0).position().toString()).isEqualTo("w.yml:7:12");
  }

  @Test
  void stepsWithoutIdGetGithubsIds() {
    Workflow w = parse("""
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: one
              - id: mine
                run: two
              - run: three
              - uses: docker://alpine:3.20
        """);
    assertThat(w.jobs().get(0).steps()).extracting(Step::id)
        .containsExactly("__actions_checkout", "__run", "mine", "__run_2", "__alpine_3_20");
    assertThat(w.jobs().get(0).steps()).extracting(Step::generatedId).containsExactly(true, true, false, true, true);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "github.ref == 'x'          | success() && (github.ref == 'x')",
      "${{ github.ref == 'x' }}   | success() && (github.ref == 'x')",
      "failure()                  | failure()",
      "${{ always() }}            | always()",
      "'success()' == 'a'         | success() && ('success()' == 'a')",
      "a ${{ github.ref }} b      | success() && (format('a {0} b', github.ref))",
  })
  void conditionsAreNormalisedAsGithubEvaluatesThem(String written, String normalised) {
    Workflow w = parse("on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: r\n        if: \""
        + written.replace("\"", "\\\"") + "\"\n");
    assertThat(w.jobs().get(0).steps().get(0).condition().text()).isEqualTo(normalised);
  }

  @Test
  void runsOnTakesEveryForm() {
    Workflow w = parse("""
        on: push
        jobs:
          a: {runs-on: ubuntu-latest, steps: [{run: x}]}
          b: {runs-on: [self-hosted, linux], steps: [{run: x}]}
          c: {runs-on: {group: organization/big, labels: gpu}, steps: [{run: x}]}
          d: {runs-on: '${{ matrix.os }}', strategy: {matrix: {os: [a, b]}}, steps: [{run: x}]}
        """);
    assertThat(w.jobs().get(0).runsOn().labels()).extracting(Value::text).containsExactly("ubuntu-latest");
    assertThat(w.jobs().get(1).runsOn().labels()).extracting(Value::text).containsExactly("self-hosted", "linux");
    assertThat(w.jobs().get(2).runsOn().group().text()).isEqualTo("organization/big");
    assertThat(w.jobs().get(2).runsOn().labels()).extracting(Value::text).containsExactly("gpu");
    assertThat(w.jobs().get(3).runsOn().isExpression()).isTrue();
  }

  @Test
  void strategyKeepsMatrixAndDefaultsFailFastToTrue() {
    Workflow w = parse("""
        on: push
        jobs:
          t:
            runs-on: x
            strategy:
              max-parallel: 2
              matrix:
                os: [a, b]
                include: [{os: c, extra: true}]
                exclude: [{os: a}]
            steps: [{run: x}]
        """);
    var strategy = w.jobs().get(0).strategy();
    assertThat(strategy.failFast().literal()).isTrue();
    assertThat(strategy.maxParallel().literal()).isEqualTo(2.0);
    assertThat(strategy.matrix().vectors()).containsOnlyKeys("os");
    assertThat(strategy.matrix().include()).isNotNull();
    assertThat(strategy.matrix().exclude()).isNotNull();
  }

  @Test
  void booleansAndNumbersMayBeExpressions() {
    Workflow w = parse("""
        on: push
        jobs:
          t:
            runs-on: x
            continue-on-error: ${{ matrix.experimental }}
            timeout-minutes: ${{ fromJSON(vars.TIMEOUT) }}
            steps: [{run: x, timeout-minutes: 5}]
        """);
    Job t = w.jobs().get(0);
    assertThat(t.continueOnError().expression()).isEqualTo("matrix.experimental");
    assertThat(t.timeoutMinutes().expression()).isEqualTo("fromJSON(vars.TIMEOUT)");
    assertThat(t.steps().get(0).timeoutMinutes().literal()).isEqualTo(5.0);
  }

  @Test
  void reusableWorkflowCallKeepsUsesWithAndInheritedSecrets() {
    Workflow w = parse("""
        on: push
        jobs:
          call:
            uses: octo/repo/.github/workflows/deploy.yml@v1
            with: {env: prod, replicas: 3}
            secrets: inherit
        """);
    Job call = w.jobs().get(0);
    assertThat(call.isWorkflowCall()).isTrue();
    assertThat(call.runsOn()).isNull();
    assertThat(call.call().uses().text()).isEqualTo("octo/repo/.github/workflows/deploy.yml@v1");
    assertThat(call.call().with()).containsOnlyKeys("env", "replicas");
    assertThat(call.call().inheritSecrets()).isTrue();
  }

  @Test
  void errorsAreAllReportedInPositionOrder() {
    ParseResult result = parser.parse("w.yml", """
        on: push
        jobs:
          b:
            runs-on: x
            timeout-minutes: soon
            steps:
              - runn: x
          a:
            needs: nope
        """);
    assertThat(result.isValid()).isFalse();
    assertThat(result.workflow()).isNull();
    assertThat(result.errors()).extracting(e -> e.position().line()).containsExactly(5, 7, 7, 9, 9);
  }
}

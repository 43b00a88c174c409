package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code hearth run} options and human output, on real runs with the host provider. */
@Timeout(120)
class RunCommandTest {
  @TempDir Path tmp;
  private Repo repo;

  @BeforeEach
  void checkout() throws Exception {
    repo = Repo.init(tmp.resolve("repo"), "main");
  }

  @Test
  void humanOutputSaysWhichProviderAutoChoseAndEndsWithASummaryTable() throws Exception {
    repo.workflow("ci.yml", "name: CI\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        + "      - name: Greet\n        run: echo hello-from-step\n");
    repo.commit();
    CliRun run = CliRun.of("run", "-C", repo.dir().toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    String auto = Providers.auto().name();
    assertThat(run.out()).startsWith("hearth: provider auto → " + auto + " (")
        .contains("[CI / build]   ▶ Greet\n", "[CI / build]     hello-from-step\n", "[CI / build]   ✓ Greet · success")
        .containsPattern("WORKFLOW\\s+JOB\\s+RESULT\\s+DURATION\\s+VM\n")
        .containsPattern("CI \\(ci.yml\\)\\s+-\\s+success\\s+\\S+\\s+" + auto + "-")
        .doesNotContain("\u001b[", "hearth:   ");
  }

  @Test
  void verboseAddsEveryProbesFullAnswerUnderTheShortFirstLine() throws Exception {
    repo.workflow("ci.yml", "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n");
    repo.commit();
    CliRun run = CliRun.of("run", "-C", repo.dir().toString(), "--verbose");
    assertThat(run.exitCode()).as(run.err()).isZero();
    Providers.Entry chosen = Providers.auto();
    assertThat(run.out()).startsWith("hearth: provider auto → " + chosen.name() + " (")
        .contains("\nhearth:   " + chosen.name() + ": " + chosen.probe().get().why() + "\n");
    for (Providers.Entry entry : Providers.entries()) {
      if (entry.strength() > chosen.strength()) {
        assertThat(run.out()).contains("\nhearth:   " + entry.name() + ": " + entry.probe().get().why() + "\n");
      }
    }
  }

  @Test
  void aFailingStepFailsTheRunWithExitStatusOne() throws Exception {
    repo.workflow("ci.yml", "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: exit 3\n");
    repo.commit();
    CliRun run = CliRun.of("run", "-C", repo.dir().toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).containsPattern("\\s+build\\s+failure");
  }

  @Test
  void hostServesCustomRunsOnLabels() throws Exception {
    repo.workflow("ci.yml", "on: push\njobs:\n  gpu:\n    runs-on: [self-hosted, linux, gpu-a100]\n    steps:\n"
        + "      - run: echo ran-anyway\n");
    repo.commit();
    CliRun run = CliRun.of("run", "-C", repo.dir().toString(), "--provider", "host", "--json");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(EventStream.parse(run.out()).logText()).contains("ran-anyway");
  }

  @Test
  void aRunsOnLabelNoProviderServesFailsTheJobNamingTheLabels() throws Exception {
    repo.workflow("ci.yml", "on: push\njobs:\n  win:\n    runs-on: [self-hosted, windows-latest]\n    steps:\n"
        + "      - run: echo must-not-run\n");
    repo.commit();
    CliRun run = CliRun.of("run", "-C", repo.dir().toString(), "--provider", "host");
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out() + run.err()).contains("runs-on [self-hosted, windows-latest] asks for another operating system")
        .doesNotContain("must-not-run").doesNotContain("Exception");
  }

  @Test
  void dashJRunsOnlyThatJobAndWhatItNeeds() throws Exception {
    repo.workflow("ci.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: echo a-ran}]\n"
        + "  b:\n    needs: a\n    runs-on: x\n    steps: [{run: echo b-ran}]\n"
        + "  c:\n    runs-on: x\n    steps: [{run: echo c-ran}]\n");
    repo.commit();
    CliRun run = CliRun.of("run", "-C", repo.dir().toString(), "-j", "b", "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    EventStream events = EventStream.parse(run.out());
    assertThat(events.texts("job.started", "job")).containsExactly("a", "b");
    assertThat(events.logText()).contains("a-ran", "b-ran").doesNotContain("c-ran");
  }

  @Test
  void theRunSeesTheCheckoutsCommitBranchSecretsVarsAndInputs() throws Exception {
    repo.workflow("ci.yml", """
        on:
          workflow_dispatch:
            inputs:
              level: {type: choice, options: [low, high], default: low}
              dry: {type: boolean}
        jobs:
          show:
            runs-on: ubuntu-latest
            steps:
              - run: |
                  echo "sha=$GITHUB_SHA ref=$GITHUB_REF"
                  echo "level=${{ inputs.level }} dry=${{ inputs.dry }} event-input=${{ github.event.inputs.level }}"
                  echo "var=${{ vars.REGION }}"
                  test "${{ secrets.TOKEN }}" = "t0ps3cret" && echo "secret-ok ${{ secrets.TOKEN }}"
        """);
    String sha = repo.commit();
    Path secrets = repo.file("../secrets.env", "TOKEN=t0ps3cret\n");
    CliRun run = CliRun.of("run", "workflow_dispatch", "-C", repo.dir().toString(), "--json", "--input", "level=high",
        "--input", "dry=true", "--var", "REGION=eu", "--secret-file", secrets.toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(EventStream.parse(run.out()).logText()).contains("sha=" + sha + " ref=refs/heads/main",
        "level=high dry=true event-input=high", "var=eu", "secret-ok ***").doesNotContain("t0ps3cret");
  }

  @Test
  void dashWRunsOnlyTheWorkflowFileItNames() throws Exception {
    repo.workflow("one.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: echo one-ran}]\n");
    repo.workflow("two.yml", "on: push\njobs:\n  b:\n    runs-on: x\n    steps: [{run: echo two-ran}]\n");
    repo.commit();
    CliRun run = CliRun.of("run", "-C", repo.dir().toString(), "--json",
        "-W", repo.dir().resolve(".github/workflows/two.yml").toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    EventStream events = EventStream.parse(run.out());
    assertThat(events.runOf("one.yml")).isNull();
    assertThat(events.logText()).contains("two-ran").doesNotContain("one-ran");
  }
}

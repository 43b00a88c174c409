package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code hearth run} given bad input: one clear line (or positioned errors), exit 2, no stack trace. */
@Timeout(60)
class RunBadInputTest {
  @TempDir Path tmp;
  private Repo repo;

  @BeforeEach
  void checkout() throws Exception {
    repo = Repo.init(tmp.resolve("repo"), "dev").workflow("ci.yml", """
        on:
          push:
            branches: [main]
          workflow_dispatch:
            inputs:
              level:
                type: choice
                options: [low, high]
                required: true
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: echo build
        """);
  }

  private static void assertOneLineError(CliRun run, String expected) {
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo(expected);
    assertThat(run.out() + run.err()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void unknownProviderListsTheKnownOnes() {
    CliRun run = CliRun.of("run", "-C", repo.dir().toString(), "--provider", "qemu");
    assertOneLineError(run, "hearth run: unknown provider 'qemu' (known: " + String.join(", ", Providers.names()) + ")");
  }

  @Test
  void negativePoolSizeIsRefused() {
    assertOneLineError(CliRun.of("run", "-C", repo.dir().toString(), "--pool", "-1"),
        "hearth run: --pool must be 0 (off) or more, got -1");
  }

  @Test
  void missingCheckoutDirectoryIsNamed() {
    Path nowhere = tmp.resolve("nowhere");
    assertOneLineError(CliRun.of("run", "-C", nowhere.toString()), "hearth run: " + nowhere + ": no such directory");
  }

  @Test
  void anEventNoWorkflowListensToExitsZeroAndSaysWhy() {
    CliRun run = CliRun.of("run", "-C", repo.dir().toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("no workflow selected for push\n")
        .contains("ci.yml: branch 'dev' is not matched by 'branches'");
  }

  @Test
  void unparsableEventFileIsNamedWithLineAndColumn() throws Exception {
    Path event = repo.file("event.json", "{\"ref\":\n  refs/heads/main}\n");
    CliRun run = CliRun.of("run", "-C", repo.dir().toString(), "-e", event.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("hearth run: " + event + ":2:").contains("not valid JSON").doesNotContain("\tat ");
  }

  @Test
  void unknownJobIsNamed() throws Exception {
    Path event = repo.file("event.json", "{\"ref\": \"refs/heads/main\"}");
    CliRun run = CliRun.of("run", "-C", repo.dir().toString(), "-e", event.toString(), "-j", "deploy");
    assertOneLineError(run, "hearth run: no workflow selected for push has a job 'deploy'");
  }

  @Test
  void invalidWorkflowPrintsItsPositionedErrors() throws Exception {
    repo.workflow("broken.yml", "on: push\njobs:\n  x:\n    steps: []\n");
    CliRun run = CliRun.of("run", "-C", repo.dir().toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("broken.yml:4:5: required key 'runs-on' is missing from job 'x'");
  }

  @Test
  void dispatchInputsAreCheckedAgainstTheWorkflow() {
    CliRun run = CliRun.of("run", "workflow_dispatch", "-C", repo.dir().toString(), "--input", "level=extreme");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("ci.yml: input 'level' is 'extreme'");
  }

  @Test
  void inputsForAnotherEventAreRefused() {
    assertOneLineError(CliRun.of("run", "push", "-C", repo.dir().toString(), "--input", "level=low"),
        "hearth run: --input is for workflow_dispatch, not push");
  }

  @Test
  void aWorkflowFileGivenAsTheEventGetsAHintToUseW() {
    assertOneLineError(CliRun.of("run", ".github/workflows/ci.yml", "-C", repo.dir().toString()),
        "hearth run: EVENT '.github/workflows/ci.yml' looks like a workflow file, not an event name (push, pull_request, …):"
            + " to run one workflow, use -W .github/workflows/ci.yml");
  }

  @Test
  void unknownScopeIsRefused() {
    assertOneLineError(CliRun.of("run", "-C", repo.dir().toString(), "--scope", "step"),
        "hearth run: allocation scope must be 'workflow' or 'job', not 'step'");
  }

  @Test
  void aSecretFileErrorNamesFileAndLine() throws Exception {
    Path secrets = repo.file(".secrets", "TOKEN=abc\noops\n");
    assertOneLineError(CliRun.of("run", "-C", repo.dir().toString(), "--secret-file", secrets.toString()),
        "hearth run: " + secrets + ":2: expected NAME=value");
  }

  @Test
  void noWorkflowFilesIsAnError() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertOneLineError(CliRun.of("run", "-C", empty.toString()),
        "hearth run: no workflow files in " + empty.resolve(".github/workflows"));
  }
}

package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hearth list} on a real git checkout made for each test. */
class ListCommandTest {
  @TempDir Path repo;

  @BeforeEach
  void checkout() throws Exception {
    git("init", "-q", "-b", "dev");
    write("ci.yml", """
        on:
          push:
            branches: [main, dev]
          pull_request:
        jobs:
          build:
            name: Build
            runs-on: ubuntu-latest
            strategy:
              matrix:
                os: [a, b, c]
                version: [1, 2]
            steps:
              - run: echo
          test:
            needs: build
            runs-on: ubuntu-latest
            strategy:
              matrix: ${{ fromJSON(needs.build.outputs.m) }}
            steps:
              - run: echo
        """);
    write("release.yml", """
        on:
          push:
            tags: ['v*']
        jobs:
          publish:
            runs-on: ubuntu-latest
            steps:
              - run: echo
        """);
  }

  private void write(String name, String text) throws IOException {
    Path dir = Files.createDirectories(repo.resolve(".github/workflows"));
    Files.writeString(dir.resolve(name), text);
  }

  private void git(String... args) throws Exception {
    String[] cmd = new String[args.length + 3];
    cmd[0] = "git";
    cmd[1] = "-C";
    cmd[2] = repo.toString();
    System.arraycopy(args, 0, cmd, 3, args.length);
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
  }

  @Test
  void listsEveryJobWithNeedsAndMatrixSize() {
    CliRun run = CliRun.of("list", "-C", repo.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    String ci = repo.resolve(".github/workflows/ci.yml").toString();
    assertThat(run.out()).containsPattern("\\Q" + ci + "\\E\\s+build\\s+Build\\s+6 legs");
    assertThat(run.out()).containsPattern("\\Q" + ci + "\\E\\s+test\\s+test\\s+build\\s+at run time");
    assertThat(run.out()).contains("release.yml").contains("publish");
  }

  @Test
  void pushOnTheCheckoutsBranchSelectsOnlyBranchWorkflows() {
    CliRun run = CliRun.of("list", "push", "-C", repo.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("ci.yml").contains("Not selected by push:")
        .containsPattern("release.yml: .*");
    assertThat(run.out().lines().filter(l -> l.contains("publish"))).isEmpty();
  }

  @Test
  void aTagPushPayloadSelectsTheReleaseWorkflow() throws IOException {
    Path payload = Files.writeString(repo.resolve("tag.json"), "{\"ref\": \"refs/tags/v1.2.0\"}");
    CliRun run = CliRun.of("list", "push", "-C", repo.toString(), "-e", payload.toString());
    assertThat(run.out()).contains("publish");
    assertThat(run.out().lines().filter(l -> l.contains(" build "))).isEmpty();
  }

  @Test
  void invalidWorkflowIsReportedAndExits2() throws IOException {
    write("broken.yml", "on: push\njobs:\n  x:\n    steps: []\n");
    CliRun run = CliRun.of("list", "-C", repo.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("broken.yml:4:5: required key 'runs-on' is missing from job 'x'");
  }

  @Test
  void missingWorkflowFolderIsNamed() {
    CliRun run = CliRun.of("list", "-C", repo.resolve("nowhere").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no workflow files in");
  }
}

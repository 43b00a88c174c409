package dev.hearth.cli;

import dev.hearth.testing.GitDaemon;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code hearth actions fetch} from a git server on loopback, then {@code hearth run} with the store or --action-dir. */
@Timeout(120)
class ActionsCommandTest {
  @TempDir Path tmp;
  private GitDaemon daemon;

  @AfterEach
  void stopDaemon() throws InterruptedException {
    if (daemon != null) daemon.close();
  }

  private static final String WORKFLOW = """
      on: push
      jobs:
        hello:
          runs-on: ubuntu-latest
          steps:
            - uses: actions/checkout@v4
            - id: hi
              uses: octo/hello-world-javascript-action@v1
              with:
                who-to-greet: Mona
            - run: echo "said hello at ${{ steps.hi.outputs.time }}"
      """;

  @Test
  void fetchedActionRunsThroughHearthRunWithoutNetwork() throws Exception {
    String url = serve(actionRepository());
    Path store = tmp.resolve("store");
    CliRun fetch = CliRun.of("actions", "fetch", "--base-url", url, "--action-store", store.toString(),
        "octo/hello-world-javascript-action@v1");
    assertThat(fetch.exitCode()).as("stderr: %s", fetch.err()).isZero();
    assertThat(fetch.out()).matches("octo/hello-world-javascript-action@v1 [0-9a-f]{40} stored in .*\\n");
    daemon.close();

    Repo repo = Repo.init(tmp.resolve("app"), "main").workflow("ci.yml", WORKFLOW);
    repo.commit();
    CliRun run = CliRun.of("run", "-C", repo.dir().toString(), "--provider", "host", "--action-store", store.toString());
    assertThat(run.exitCode()).as("out: %s err: %s", run.out(), run.err()).isZero();
    assertThat(run.out()).contains("Hello Mona!").contains("said hello at 1970-01-01T00:00:00.000Z");
  }

  @Test
  void aMissingActionNamesTheFetchCommandAndAMappedDirectoryRunsIt() throws Exception {
    Path source = actionRepository().resolve("octo/hello-world-javascript-action");
    Repo repo = Repo.init(tmp.resolve("app"), "main").workflow("ci.yml", WORKFLOW);
    repo.commit();
    CliRun missing = CliRun.of("run", "-C", repo.dir().toString(), "--provider", "host", "--action-store",
        tmp.resolve("empty").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.out()).contains("Fetch it once with: hearth actions fetch octo/hello-world-javascript-action@v1");

    CliRun mapped = CliRun.of("run", "-C", repo.dir().toString(), "--provider", "host", "--action-store",
        tmp.resolve("empty").toString(), "--action-dir", "octo/hello-world-javascript-action@v1=" + source);
    assertThat(mapped.exitCode()).as("out: %s err: %s", mapped.out(), mapped.err()).isZero();
    assertThat(mapped.out()).contains("Hello Mona!");
  }

  @Test
  void aReusableWorkflowOfAnotherRepositoryRunsFromTheStore() throws Exception {
    Path served = tmp.resolve("served");
    Repo shared = Repo.init(served.resolve("octo/shared"), "main");
    shared.workflow("greet.yml", """
        on:
          workflow_call:
            inputs:
              who: {type: string, required: true}
            outputs:
              line: {value: "${{ jobs.say.outputs.line }}"}
        jobs:
          say:
            runs-on: ubuntu-latest
            outputs:
              line: ${{ steps.s.outputs.line }}
            steps:
              - id: s
                run: echo "line=shared workflow greets ${{ inputs.who }}" >> "$GITHUB_OUTPUT"
        """);
    shared.commit();
    shared.git("tag", "v1");
    String url = serve(served);
    Path store = tmp.resolve("store");
    assertThat(CliRun.of("actions", "fetch", "--base-url", url, "--action-store", store.toString(), "octo/shared@v1")
        .exitCode()).isZero();
    daemon.close();
    Repo repo = Repo.init(tmp.resolve("app"), "main").workflow("ci.yml", """
        on: push
        jobs:
          call:
            uses: octo/shared/.github/workflows/greet.yml@v1
            with:
              who: Mona
          show:
            needs: call
            runs-on: ubuntu-latest
            steps:
              - run: echo "got ${{ needs.call.outputs.line }}"
        """);
    repo.commit();
    CliRun run = CliRun.of("run", "-C", repo.dir().toString(), "--provider", "host", "--action-store", store.toString());
    assertThat(run.exitCode()).as("out: %s err: %s", run.out(), run.err()).isZero();
    assertThat(run.out()).contains("got shared workflow greets Mona");

    CliRun missing = CliRun.of("run", "-C", repo.dir().toString(), "--provider", "host", "--action-store",
        tmp.resolve("empty").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.out()).contains("Fetch it once with: hearth actions fetch octo/shared@v1");
  }

  @Test
  void checkoutTakesARefAndAPathFromTheRunsOwnRepositoryWithoutNetwork() throws Exception {
    Repo repo = Repo.init(tmp.resolve("app"), "main");
    repo.file("version.txt", "one\n");
    String first = repo.commit();
    repo.git("tag", "v1");
    repo.file("version.txt", "two\n");
    repo.workflow("ci.yml", """
        on: push
        jobs:
          co:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
                id: old
                with:
                  ref: v1
                  path: old
              - run: echo "old=$(cat old/version.txt) at ${{ steps.old.outputs.commit }}; workspace=$(cat version.txt)"
              - run: echo scratch > untracked.txt
              - uses: actions/checkout@v4
                with:
                  ref: v1
              - run: echo "after=$(cat version.txt) untracked=$(ls untracked.txt 2>/dev/null || echo gone)"
              - uses: actions/checkout@v4
                continue-on-error: true
                with:
                  repository: someone/else
        """);
    repo.commit();
    CliRun run = CliRun.of("run", "-C", repo.dir().toString(), "--provider", "host");
    assertThat(run.exitCode()).as("out: %s err: %s", run.out(), run.err()).isZero();
    assertThat(run.out()).contains("old=one at " + first + "; workspace=two")
        .contains("after=one untracked=gone")
        .contains("actions/checkout of another repository ('someone/else') needs the network");
  }

  @Test
  void malformedReferencesAreRefused() {
    CliRun fetch = CliRun.of("actions", "fetch", "--action-store", tmp.toString(), "not-a-reference");
    assertThat(fetch.exitCode()).isEqualTo(2);
    assertThat(fetch.err()).contains("'uses: not-a-reference' must have the form {owner}/{repo}[/path]@ref");
  }

  /** A directory of bare-able repositories holding octo/hello-world-javascript-action, tagged v1. */
  private Path actionRepository() throws Exception {
    Path served = tmp.resolve("served");
    Path dir = served.resolve("octo/hello-world-javascript-action");
    Repo repo = Repo.init(dir, "main");
    repo.file("action.yml", """
        name: Hello World
        description: Greet someone and record the time
        inputs:
          who-to-greet:
            description: Who to greet
            required: true
            default: World
        outputs:
          time:
            description: The time we greeted you
        runs:
          using: node20
          main: index.js
        """);
    repo.file("index.js", """
        const fs = require('fs');
        console.log(`Hello ${process.env['INPUT_WHO-TO-GREET']}!`);
        fs.appendFileSync(process.env.GITHUB_OUTPUT, `time=${new Date(0).toISOString()}\\n`);
        """);
    repo.commit();
    repo.git("tag", "v1");
    return served;
  }

  private String serve(Path base) throws Exception {
    daemon = GitDaemon.start(base);
    return daemon.baseUrl();
  }
}

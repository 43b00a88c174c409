package dev.hearth.engine.step;

import dev.hearth.testing.GitDaemon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.engine.Conclusion;
import dev.hearth.engine.action.ActionStore;
import dev.hearth.engine.action.ActionStoreException;
import dev.hearth.engine.action.MappedActions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote actions: fetched into the store from a real git repository served by {@code git daemon} on
 * loopback, then run offline; a missing one fails its step with the fetch command; Docker fails clearly.
 */
@Timeout(120)
class RemoteActionTest {
  @TempDir Path tmp;
  private GitDaemon daemon;

  @AfterEach
  void stopDaemon() throws InterruptedException {
    if (daemon != null) daemon.close();
  }

  @Test
  void aJavaScriptActionFetchedFromAGitServerRunsOffline() throws Exception {
    Path served = tmp.resolve("served");
    Path repo = served.resolve("octo/hello-action");
    Files.createDirectories(repo);
    Files.writeString(repo.resolve("action.yml"), """
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
    Files.writeString(repo.resolve("index.js"), """
        const fs = require('fs');
        console.log(`Hello ${process.env['INPUT_WHO-TO-GREET']}!`);
        fs.appendFileSync(process.env.GITHUB_OUTPUT, `time=${new Date(0).toISOString()}\\n`);
        """);
    git(repo, "init", "-q", "-b", "main");
    git(repo, "add", "-A");
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "hello");
    git(repo, "tag", "v1");
    String url = serve(served);

    ActionStore store = new ActionStore(tmp.resolve("store"));
    String commit = store.fetch("octo", "hello-action", "v1", url);
    assertThat(commit).matches("[0-9a-f]{40}");
    assertThat(store.fetch("octo", "hello-action", "main", url)).isEqualTo(commit);
    daemon.close(); // from here on, no network

    try (StepHarness h = new StepHarness(tmp)) {
      h.actions = store;
      JobOutcome out = h.run(StepHarness.job("""
          - id: hello
            uses: octo/hello-action@v1
            with:
              who-to-greet: Mona the Octocat
          - run: echo "time ${{ steps.hello.outputs.time }}"
            id: show
          """));
      assertThat(out.result()).as("log: %s", h.allText()).isEqualTo(Conclusion.SUCCESS);
      assertThat(h.output("hello")).containsExactly("Hello Mona the Octocat!");
      assertThat(h.output("show")).containsExactly("time 1970-01-01T00:00:00.000Z");
    }
  }

  @Test
  void fetchingAnUnknownRefSaysWhich() throws Exception {
    Path served = tmp.resolve("served");
    Path repo = served.resolve("octo/a");
    Files.createDirectories(repo);
    Files.writeString(repo.resolve("action.yml"), "runs: {using: node20, main: a.js}\n");
    git(repo, "init", "-q", "-b", "main");
    git(repo, "add", "-A");
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "a");
    String url = serve(served);
    ActionStore store = new ActionStore(tmp.resolve("store"));
    assertThatThrownBy(() -> store.fetch("octo", "a", "v9", url)).isInstanceOf(ActionStoreException.class)
        .hasMessage("the ref 'v9' of octo/a@v9 is not a branch, tag or commit of the repository");
    assertThatThrownBy(() -> store.fetch("octo", "missing", "v1", url)).isInstanceOf(ActionStoreException.class)
        .hasMessageStartingWith("git clone failed for octo/missing@v1");
  }

  @Test
  void aMissingActionFailsItsStepWithTheFetchCommand() throws Exception {
    try (StepHarness h = new StepHarness(tmp)) {
      h.actions = new MappedActions(Map.of(), new ActionStore(tmp.resolve("empty-store")));
      JobOutcome out = h.run(StepHarness.job("""
          - id: setup
            uses: acme/setup-tool/sub@v2
          """));
      assertThat(out.result()).isEqualTo(Conclusion.FAILURE);
      assertThat(h.annotations()).singleElement().satisfies(a -> assertThat(a.message()).isEqualTo(
          "The action acme/setup-tool/sub@v2 is not in Hearth's action store, and Hearth does not download actions"
              + " while a run runs. Fetch it once with: hearth actions fetch acme/setup-tool@v2"
              + " (or map a directory with --action-dir acme/setup-tool@v2=PATH)"));
    }
  }

  @Test
  void anActionDirectoryMappedOnTheCommandLineIsUsed() throws Exception {
    Path dir = tmp.resolve("local-copy");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/action.yml"), """
        runs:
          using: composite
          steps:
            - run: echo "mapped says ${{ inputs.word }}"
              shell: bash
        inputs:
          word: {default: hi}
        """);
    try (StepHarness h = new StepHarness(tmp)) {
      h.actions = new MappedActions(Map.of("acme/tool@v1", dir), new ActionStore(tmp.resolve("empty-store")));
      JobOutcome out = h.run(StepHarness.job("""
          - id: t
            uses: acme/tool/sub@v1
          """));
      assertThat(out.result()).as("log: %s", h.allText()).isEqualTo(Conclusion.SUCCESS);
      assertThat(h.output("t")).containsExactly("mapped says hi");
    }
  }

  @Test
  void dockerActionsFailClearly() throws Exception {
    try (StepHarness h = new StepHarness(tmp)) {
      JobOutcome out = h.run(StepHarness.job("""
          - id: d
            uses: docker://alpine:3.20
          """));
      assertThat(out.result()).isEqualTo(Conclusion.FAILURE);
      assertThat(h.annotations()).singleElement().satisfies(a -> assertThat(a.message()).startsWith(
          "Docker actions need a container engine in the VM image"));
    }
  }

  @Test
  void cacheActionsFailSayingHearthHasNoCacheService() throws Exception {
    try (StepHarness h = new StepHarness(tmp)) {
      JobOutcome out = h.run(StepHarness.job("""
          - id: cache
            uses: actions/cache@v4
            with: {path: ~/.m2, key: m2}
            continue-on-error: true
          - id: restore
            uses: actions/cache/restore@v4
            with: {path: ~/.m2, key: m2}
            continue-on-error: true
          """));
      assertThat(out.result()).isEqualTo(Conclusion.SUCCESS);
      assertThat(h.outcome("cache")).isEqualTo(Conclusion.FAILURE);
      assertThat(h.outcome("restore")).isEqualTo(Conclusion.FAILURE);
      assertThat(h.annotations()).extracting(RunEventMessage::of).containsExactly(
          "actions/cache@v4 needs GitHub's cache service, which Hearth does not provide, so this step fails."
              + " Every run starts from a fresh VM; install what the job needs in the VM image instead."
              + " (See docs/actions.md.)",
          "actions/cache/restore@v4 needs GitHub's cache service, which Hearth does not provide, so this step fails."
              + " Every run starts from a fresh VM; install what the job needs in the VM image instead."
              + " (See docs/actions.md.)");
    }
  }

  @Test
  void aJavaScriptActionWithoutNodeInTheVmSaysSo() throws Exception {
    Path dir = tmp.resolve("js");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("action.yml"), "runs: {using: node20, main: index.js}\n");
    Files.writeString(dir.resolve("index.js"), "console.log('never');\n");
    Path bin = Files.createDirectories(tmp.resolve("bin-without-node"));
    for (String tool : List.of("sh", "mkdir", "cat")) {
      Path real = Path.of("/bin", tool).toRealPath();
      Files.createSymbolicLink(bin.resolve(tool), real);
    }
    try (StepHarness h = new StepHarness(tmp)) {
      h.actions = new MappedActions(Map.of("acme/js@v1", dir), ActionSourceNone.NONE);
      JobOutcome out = h.run(StepHarness.job("""
          - id: js
            uses: acme/js@v1
            env:
              PATH: BIN
          """.replace("BIN", bin.toString())));
      assertThat(out.result()).isEqualTo(Conclusion.FAILURE);
      assertThat(h.annotations()).extracting(RunEventMessage::of).contains("The JavaScript action acme/js@v1 needs node,"
          + " which is not on the VM's PATH: install Node.js in the VM image");
    }
  }

  private static final class ActionSourceNone {
    static final dev.hearth.engine.action.ActionSource NONE = dev.hearth.engine.action.ActionSource.NONE;
  }

  private static final class RunEventMessage {
    static String of(dev.hearth.engine.RunEvent.Annotation a) {
      return a.message();
    }
  }

  private String serve(Path base) throws Exception {
    daemon = GitDaemon.start(base);
    return daemon.baseUrl();
  }

  private static void git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> argv = new java.util.ArrayList<>(List.of("git"));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("git %s: %s", String.join(" ", args), out).isZero();
  }
}

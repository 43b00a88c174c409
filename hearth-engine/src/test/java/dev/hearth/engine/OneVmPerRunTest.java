package dev.hearth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.vm.ExecRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The promise: one VM per run, allocated once, every command in it, released once. */
class OneVmPerRunTest {
  private final EngineFixture engine = new EngineFixture(4);

  @AfterEach
  void clean() {
    engine.assertClean();
  }

  @Test
  void fiveStepsRunInOneVmWithSevenExecs() {
    RunResult result = engine.run("1", Plans.steps("echo 1", "echo 2", "echo 3", "echo 4", "echo 5"));

    assertThat(result.result()).isEqualTo(Conclusion.SUCCESS);
    assertThat(engine.provider.allocations()).isEqualTo(1);
    String vm = engine.provider.vmIds().get(0);
    assertThat(result.vmIds()).containsExactly(vm);
    assertThat(engine.provider.execCount()).isEqualTo(7);
    assertThat(engine.execs(vm)).hasSize(7);
    engine.assertSetupAndCleanupBracket(vm);
  }

  @Test
  void tenStepsRunInOneVmWithTwelveExecs() {
    String[] steps = IntStream.rangeClosed(1, 10).mapToObj(i -> "echo " + i).toArray(String[]::new);

    RunResult result = engine.run("1", Plans.steps(steps));

    assertThat(result.result()).isEqualTo(Conclusion.SUCCESS);
    assertThat(engine.provider.allocations()).isEqualTo(1);
    assertThat(engine.provider.execCount()).isEqualTo(12);
    assertThat(engine.execs(engine.provider.vmIds().get(0))).hasSize(12);
  }

  @Test
  void everyJobAndLegOfARunSharesTheOneVm() {
    var plan = Plans.of("""
        on: push
        jobs:
          a:
            runs-on: ubuntu-latest
            steps: [{run: echo a}]
          b:
            needs: a
            runs-on: ubuntu-latest
            strategy: {matrix: {n: [1, 2, 3]}}
            steps: [{run: echo b}, {run: echo b2}]
        """);

    RunResult result = engine.run("1", plan);

    assertThat(result.result()).isEqualTo(Conclusion.SUCCESS);
    assertThat(engine.provider.allocations()).isEqualTo(1);
    String vm = engine.provider.vmIds().get(0);
    assertThat(engine.execs(vm)).hasSize(1 + 1 + 3 * 2 + 1);
    assertThat(result.jobs()).extracting(JobResult::vmId).containsOnly(vm);
    assertThat(result.jobs()).extracting(JobResult::jobId).containsExactly("a", "b (1)", "b (2)", "b (3)");
    engine.assertSetupAndCleanupBracket(vm);
  }

  @Test
  void threeRunsGetThreeVmsAndShareNoEnvironmentOrFiles() throws Exception {
    List<CompletableFuture<RunResult>> runs = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      runs.add(engine.executor.submit(engine.request("r" + i, Plans.steps("env")).secrets(
          java.util.Map.of("TOKEN", "secret-" + i)).build()));
    }
    for (var run : runs) assertThat(run.get().result()).isEqualTo(Conclusion.SUCCESS);

    List<String> vms = engine.provider.vmIds();
    assertThat(vms).hasSize(3).doesNotHaveDuplicates();
    for (String vm : vms) {
      String workDir = "/hearth-test/" + vm;
      engine.assertSetupAndCleanupBracket(vm);
      for (ExecRequest exec : engine.execs(vm)) {
        assertThat(exec.workingDirectory()).startsWith(workDir);
        exec.env().values().stream().filter(v -> v.startsWith("/hearth-test/"))
            .forEach(path -> assertThat(path).as("a path the run sees").startsWith(workDir + "/"));
        assertThat(String.join(" ", exec.argv())).doesNotContain("secret-");
      }
      String runId = engine.execs(vm).get(1).env().get("GITHUB_RUN_ID");
      assertThat(engine.events.of(RunEvent.VmAllocated.class)).filteredOn(a -> a.vmId().equals(vm))
          .singleElement().extracting(RunEvent.VmAllocated::runId).isEqualTo(runId);
    }
  }

  @Test
  void aRunsVmIsReleasedWhenItEndsAndTheNextRunGetsANewOne() {
    engine.run("1", Plans.steps("echo 1"));
    String first = engine.provider.vmIds().get(0);
    assertThat(engine.provider.isReleased(first)).isTrue();
    assertThat(engine.provider.liveVms()).isZero();

    engine.run("2", Plans.steps("echo 2"));

    assertThat(engine.provider.vmIds()).hasSize(2);
    String second = engine.provider.vmIds().get(1);
    assertThat(second).isNotEqualTo(first);
    assertThat(engine.provider.isReleased(second)).isTrue();
    List<RunEvent> events = engine.events.events();
    int released = indexOf(events, RunEvent.VmReleased.class, first);
    int allocated = indexOf(events, RunEvent.VmAllocated.class, second);
    assertThat(released).isLessThan(allocated);
  }

  @Test
  void withOneSessionTheNextRunIsAdmittedOnlyAfterThePreviousFinished() throws Exception {
    EngineFixture single = new EngineFixture(1);
    var first = single.executor.submit(single.request("r1", Plans.steps("echo 1")).build());
    var second = single.executor.submit(single.request("r2", Plans.steps("echo 2")).build());
    first.get();
    second.get();

    List<String> order = single.events.events().stream()
        .filter(e -> e instanceof RunEvent.VmAllocated || e instanceof RunEvent.VmReleased
            || e instanceof RunEvent.RunFinished)
        .map(e -> e.type() + " " + e.runId()).toList();
    String a = order.get(0).substring(order.get(0).indexOf(' ') + 1);
    String b = a.equals("r1") ? "r2" : "r1";
    assertThat(order).containsExactly("vm.allocated " + a, "vm.released " + a, "run.finished " + a,
        "vm.allocated " + b, "vm.released " + b, "run.finished " + b);
    single.assertClean();
  }

  @Test
  void maxSessionsTwoKeepsAtMostTwoVmsAliveAndAllFourRunsComplete() throws Exception {
    EngineFixture limited = new EngineFixture(2);
    List<CompletableFuture<RunResult>> runs = new ArrayList<>();
    for (int i = 1; i <= 4; i++) runs.add(limited.executor.submit(limited.request("r" + i, Plans.steps("wait go")).build()));

    assertThat(limited.provider.awaitLiveVms(2, Duration.ofSeconds(10))).isTrue();
    EngineFixture.await("two runs wait for admission", () -> limited.sessions.waiting() == 2);
    assertThat(limited.provider.allocateCalls()).isEqualTo(2);
    limited.shell.open("go");

    for (var run : runs) assertThat(run.get().result()).isEqualTo(Conclusion.SUCCESS);
    assertThat(limited.provider.maxLiveVms()).isEqualTo(2);
    assertThat(limited.provider.allocations()).isEqualTo(4);
    limited.assertClean();
  }

  @Test
  void setupCopiesTheRepositoryInAndWritesTheEventInItsOneExec(@org.junit.jupiter.api.io.TempDir java.nio.file.Path repo)
      throws Exception {
    java.nio.file.Files.createDirectories(repo.resolve(".git"));
    java.nio.file.Files.writeString(repo.resolve("README.md"), "hello");

    engine.executor.run(engine.request("1", Plans.steps("echo 1")).repository(repo).build());

    String vm = engine.provider.vmIds().get(0);
    String workDir = "/hearth-test/" + vm;
    assertThat(engine.provider.copies(vm)).containsExactly("in " + repo + " -> " + workDir + "/workspace");
    ExecRequest setup = engine.execs(vm).get(0);
    assertThat(new String(setup.stdin(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"full_name\":\"octo/hello\"");
    assertThat(setup.argv()).contains(workDir + "/workspace", workDir + "/temp", workDir + "/event.json");
    ExecRequest step = engine.execs(vm).get(1);
    assertThat(step.env()).containsEntry("GITHUB_WORKSPACE", workDir + "/workspace")
        .containsEntry("GITHUB_EVENT_PATH", workDir + "/event.json").containsEntry("RUNNER_TEMP", workDir + "/temp")
        .containsEntry("RUNNER_TOOL_CACHE", workDir + "/tool-cache").containsEntry("HOME", workDir + "/home")
        .containsEntry("GITHUB_ACTIONS", "true").containsEntry("RUNNER_OS", "Linux")
        .containsEntry("GITHUB_EVENT_NAME", "push").containsEntry("GITHUB_REF", "refs/heads/main")
        .containsEntry("GITHUB_REF_TYPE", "branch").containsEntry("GITHUB_RUN_ID", "1")
        .containsEntry("GITHUB_REPOSITORY_OWNER", "octo").containsEntry("GITHUB_WORKFLOW", "test")
        .containsKeys("PATH", "RUNNER_ARCH", "RUNNER_NAME", "GITHUB_SERVER_URL", "GITHUB_API_URL",
            "GITHUB_BASE_REF", "GITHUB_HEAD_REF", "GITHUB_RUN_NUMBER", "GITHUB_RUN_ATTEMPT", "GITHUB_SHA");
    assertThat(step.workingDirectory()).isEqualTo(workDir + "/workspace");
  }

  @Test
  void withoutARepositoryTheWorkspaceStartsEmpty() {
    engine.run("1", Plans.steps("echo 1"));

    assertThat(engine.provider.copies(engine.provider.vmIds().get(0))).isEmpty();
  }

  @Test
  void eventsOfARunComeInTheDocumentedOrder() {
    engine.run("1", Plans.steps("echo 1"));

    assertThat(engine.events.events()).extracting(RunEvent::type).containsSubsequence(
        "run.queued", "vm.allocated", "run.started", "job.started", "step.started", "step.finished",
        "job.finished", "vm.released", "run.finished");
  }

  private static int indexOf(List<RunEvent> events, Class<? extends RunEvent> type, String vmId) {
    for (int i = 0; i < events.size(); i++) {
      RunEvent e = events.get(i);
      if (type.isInstance(e) && (e instanceof RunEvent.VmReleased r ? r.vmId().equals(vmId)
          : ((RunEvent.VmAllocated) e).vmId().equals(vmId))) {
        return i;
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " for " + vmId);
  }
}

package dev.hearth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.engine.step.JobInvocation;
import dev.hearth.workflow.expr.Value;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Jobs in dependency order: if, needs, matrix legs, fail-fast, max-parallel, continue-on-error, scopes. */
class JobSchedulingTest {
  private final Map<String, JobInvocation> invocations = new ConcurrentHashMap<>();
  private EngineFixture engine = recording(4);

  private EngineFixture recording(int maxSessions) {
    EngineFixture[] self = new EngineFixture[1];
    self[0] = new EngineFixture(maxSessions, (job, vm, listener) -> {
      invocations.put(job.jobId(), job);
      return new OneExecPerStep(self[0].timers.clock()).run(job, vm, listener);
    });
    return self[0];
  }

  @AfterEach
  void clean() {
    engine.assertClean();
  }

  @Test
  void jobScopeRunsIndependentJobsInParallelEachOnItsOwnVm() throws Exception {
    var plan = Plans.of("""
        on: push
        jobs:
          a: {runs-on: ubuntu-latest, steps: [{run: wait go}]}
          b: {runs-on: [self-hosted, big], steps: [{run: wait go}]}
        """);
    CompletableFuture<RunResult> run = engine.executor.submit(engine.request("1", plan).scope(AllocationScope.JOB).build());

    assertThat(engine.provider.awaitLiveVms(2, Duration.ofSeconds(10))).as("both jobs hold a VM at once").isTrue();
    engine.shell.open("go");

    RunResult result = run.get();
    assertThat(result.result()).isEqualTo(Conclusion.SUCCESS);
    assertThat(result.vmIds()).hasSize(2).doesNotHaveDuplicates();
    for (String vm : result.vmIds()) {
      assertThat(engine.execs(vm)).hasSize(3);
      engine.assertSetupAndCleanupBracket(vm);
    }
    assertThat(engine.provider.specs()).extracting(s -> s.labels())
        .containsExactlyInAnyOrder(List.of("ubuntu-latest"), List.of("self-hosted", "big"));
  }

  @Test
  void jobScopeStillHonoursNeeds() {
    var plan = Plans.of("""
        on: push
        jobs:
          a: {runs-on: x, steps: [{run: echo output v=1}]}
          b: {needs: a, runs-on: x, steps: [{run: echo b}]}
        """);

    RunResult result = engine.executor.run(engine.request("1", plan).scope(AllocationScope.JOB).build());

    assertThat(result.result()).isEqualTo(Conclusion.SUCCESS);
    assertThat(result.jobs()).extracting(JobResult::jobId).containsExactly("a", "b");
    assertThat(engine.provider.allocations()).isEqualTo(2);
    assertThat(engine.provider.maxLiveVms()).isEqualTo(1);
  }

  @Test
  void workflowScopeUsesTheFirstJobsLabels() {
    var plan = Plans.of("""
        on: push
        jobs:
          a: {runs-on: [linux, x64], steps: [{run: echo a}]}
          b: {runs-on: windows-latest, steps: [{run: echo b}]}
        """);

    engine.run("1", plan);

    assertThat(engine.provider.specs()).singleElement().extracting(s -> s.labels()).isEqualTo(List.of("linux", "x64"));
    assertThat(engine.events.hearthLines()).singleElement().asString()
        .contains("runs-on [windows-latest] differs from the run's VM [linux, x64]");
  }

  @Test
  void failFastCancelsTheSiblingLegsOfAFailedLeg() {
    var plan = Plans.of("""
        on: push
        jobs:
          m:
            runs-on: x
            strategy: {matrix: {n: [1, 2, 3]}}
            steps: [{run: "exit-if ${{ matrix.n }} 1\\nhang-unless ${{ matrix.n }} 1"}]
        """);

    RunResult result = engine.executor.run(engine.request("1", plan).scope(AllocationScope.JOB).build());

    assertThat(result.result()).isEqualTo(Conclusion.FAILURE);
    assertThat(result.jobs()).filteredOn(j -> j.jobId().equals("m (1)")).singleElement()
        .extracting(JobResult::result).isEqualTo(Conclusion.FAILURE);
    assertThat(result.jobs()).filteredOn(j -> !j.jobId().equals("m (1)")).hasSize(2)
        .allMatch(j -> j.result() == Conclusion.CANCELLED);
  }

  @Test
  void failFastInWorkflowScopeCancelsTheLegsStillQueuedWithoutRunningThem() {
    var plan = Plans.of("""
        on: push
        jobs:
          m:
            runs-on: x
            strategy: {matrix: {n: [1, 2, 3]}}
            steps: [{run: "exit-if ${{ matrix.n }} 1"}]
        """);

    RunResult result = engine.run("1", plan);

    assertThat(result.result()).isEqualTo(Conclusion.FAILURE);
    assertThat(result.jobs()).extracting(JobResult::result)
        .containsExactly(Conclusion.FAILURE, Conclusion.CANCELLED, Conclusion.CANCELLED);
    assertThat(engine.execs(engine.provider.vmIds().get(0))).hasSize(3);
  }

  @Test
  void withoutFailFastTheOtherLegsRunToTheEnd() {
    var plan = Plans.of("""
        on: push
        jobs:
          m:
            runs-on: x
            strategy: {fail-fast: false, matrix: {n: [1, 2, 3]}}
            steps: [{run: "exit-if ${{ matrix.n }} 2"}]
        """);

    RunResult result = engine.run("1", plan);

    assertThat(result.result()).isEqualTo(Conclusion.FAILURE);
    assertThat(result.jobs()).extracting(JobResult::result)
        .containsExactly(Conclusion.SUCCESS, Conclusion.FAILURE, Conclusion.SUCCESS);
  }

  @Test
  void maxParallelLimitsTheLegsRunningAtOnceInJobScope() throws Exception {
    var plan = Plans.of("""
        on: push
        jobs:
          m:
            runs-on: x
            strategy: {max-parallel: 2, matrix: {n: [1, 2, 3, 4]}}
            steps: [{run: wait go}]
        """);
    CompletableFuture<RunResult> run = engine.executor.submit(engine.request("1", plan).scope(AllocationScope.JOB).build());
    assertThat(engine.provider.awaitLiveVms(2, Duration.ofSeconds(10))).isTrue();
    assertThat(engine.provider.allocateCalls()).isEqualTo(2);
    engine.shell.open("go");

    assertThat(run.get().result()).isEqualTo(Conclusion.SUCCESS);
    assertThat(engine.provider.maxLiveVms()).isEqualTo(2);
    assertThat(engine.provider.allocations()).isEqualTo(4);
  }

  @Test
  void outputsAndResultsOfNeedsFlowToDependents() {
    var plan = Plans.of("""
        on: push
        jobs:
          a: {runs-on: x, steps: [{run: echo output v=42}]}
          b: {needs: a, runs-on: x, steps: [{run: echo b}]}
        """);

    engine.run("1", plan);

    var needs = (Value.ObjectValue) invocations.get("b").contexts().get("needs");
    var a = (Value.ObjectValue) needs.get("a");
    assertThat(a.get("result")).isEqualTo(new Value.StringValue("success"));
    assertThat(((Value.ObjectValue) a.get("outputs")).get("v")).isEqualTo(new Value.StringValue("42"));
    assertThat(invocations.get("a").baseEnv()).containsEntry("GITHUB_JOB", "a").containsEntry("CI", "true")
        .containsEntry("GITHUB_REPOSITORY", "octo/hello").containsEntry("GITHUB_REF_NAME", "main")
        .containsEntry("GITHUB_SHA", "a".repeat(40)).containsEntry("GITHUB_ACTOR", "mona");
  }

  @Test
  void dependentsOfAFailedJobAreSkippedUnlessTheirConditionSaysOtherwise() {
    var plan = Plans.of("""
        on: push
        jobs:
          a: {runs-on: x, steps: [{run: exit 1}]}
          b: {needs: a, runs-on: x, steps: [{run: echo b}]}
          c: {needs: b, if: always(), runs-on: x, steps: [{run: echo c}]}
          d: {needs: b, if: failure(), runs-on: x, steps: [{run: echo d}]}
          e: {needs: b, runs-on: x, steps: [{run: echo e}]}
        """);

    RunResult result = engine.run("1", plan);

    assertThat(result.result()).isEqualTo(Conclusion.FAILURE);
    assertThat(results(result)).containsEntry("a", Conclusion.FAILURE).containsEntry("b", Conclusion.SKIPPED)
        .containsEntry("c", Conclusion.SUCCESS).containsEntry("d", Conclusion.SUCCESS)
        .containsEntry("e", Conclusion.SKIPPED);
  }

  @Test
  void aJobWhoseNeedWasSkippedIsSkippedButNotFailed() {
    var plan = Plans.of("""
        on: push
        jobs:
          a: {if: github.event_name == 'schedule', runs-on: x, steps: [{run: echo a}]}
          b: {needs: a, runs-on: x, steps: [{run: echo b}]}
          c: {needs: a, if: success() || failure(), runs-on: x, steps: [{run: echo c}]}
          d: {needs: a, if: "!failure()", runs-on: x, steps: [{run: echo d}]}
        """);

    RunResult result = engine.run("1", plan);

    assertThat(result.result()).isEqualTo(Conclusion.SUCCESS);
    assertThat(results(result)).containsEntry("a", Conclusion.SKIPPED).containsEntry("b", Conclusion.SKIPPED)
        .containsEntry("c", Conclusion.SKIPPED).containsEntry("d", Conclusion.SUCCESS);
  }

  @Test
  void continueOnErrorMakesAFailedJobASuccessForDependentsAndTheRun() {
    var plan = Plans.of("""
        on: push
        jobs:
          a: {runs-on: x, continue-on-error: true, steps: [{run: exit 1}]}
          b: {needs: a, runs-on: x, steps: [{run: echo b}]}
        """);

    RunResult result = engine.run("1", plan);

    assertThat(result.result()).isEqualTo(Conclusion.SUCCESS);
    assertThat(results(result)).containsEntry("a", Conclusion.FAILURE).containsEntry("b", Conclusion.SUCCESS);
    assertThat(result.jobs().get(0).effective()).isEqualTo(Conclusion.SUCCESS);
  }

  @Test
  void deferredMatrixIsExpandedFromNeedsOutputs() {
    var plan = Plans.of("""
        on: push
        jobs:
          a: {runs-on: x, steps: [{run: 'echo output list=[7,8]'}]}
          b:
            needs: a
            runs-on: x
            strategy: {matrix: {n: "${{ fromJSON(needs.a.outputs.list) }}"}}
            steps: [{run: "echo ${{ matrix.n }}"}]
        """);

    RunResult result = engine.run("1", plan);

    assertThat(result.result()).isEqualTo(Conclusion.SUCCESS);
    assertThat(result.jobs()).extracting(JobResult::jobId).containsExactly("a", "b (7)", "b (8)");
    var strategy = (Value.ObjectValue) invocations.get("b (8)").contexts().get("strategy");
    assertThat(strategy.get("job-index")).isEqualTo(new Value.NumberValue(1));
  }

  @Test
  void cancellingTheRunSkipsWhatIsLeftButRunsAlwaysJobs() throws Exception {
    var plan = Plans.of("""
        on: push
        jobs:
          a: {runs-on: x, steps: [{run: hang}]}
          b: {needs: a, runs-on: x, steps: [{run: echo b}]}
          c: {needs: a, if: always(), runs-on: x, steps: [{run: echo c}]}
        """);
    RunRequest request = engine.request("1", plan).build();
    CompletableFuture<RunResult> run = engine.executor.submit(request);
    assertThat(engine.provider.awaitExecCount(2, Duration.ofSeconds(10))).isTrue();

    request.cancellation().cancel(Cancellation.Reason.CANCELLED, "stop");

    RunResult result = run.get();
    assertThat(result.result()).isEqualTo(Conclusion.CANCELLED);
    assertThat(results(result)).containsEntry("a", Conclusion.CANCELLED).containsEntry("b", Conclusion.CANCELLED)
        .containsEntry("c", Conclusion.SUCCESS);
  }

  @Test
  void cancellingTheRunCancelsTheLegsStillQueuedWithoutRunningThem() throws Exception {
    var plan = Plans.of("""
        on: push
        jobs:
          m:
            runs-on: x
            strategy: {matrix: {n: [1, 2, 3]}}
            steps: [{run: hang}]
        """);
    RunRequest request = engine.request("1", plan).build();
    CompletableFuture<RunResult> run = engine.executor.submit(request);
    assertThat(engine.provider.awaitExecCount(2, Duration.ofSeconds(10))).isTrue();

    request.cancellation().cancel(Cancellation.Reason.CANCELLED, "stop");

    RunResult result = run.get();
    assertThat(result.result()).isEqualTo(Conclusion.CANCELLED);
    assertThat(result.jobs()).extracting(JobResult::result).containsOnly(Conclusion.CANCELLED).hasSize(3);
    assertThat(engine.execs(engine.provider.vmIds().get(0))).hasSize(3);
  }

  @Test
  void aJobContainerIsReportedAsNotSupportedRatherThanSilentlyIgnored() {
    engine.run("1", Plans.of("""
        on: push
        jobs:
          a: {runs-on: x, container: node:20, steps: [{run: echo a}]}
        """));

    assertThat(engine.events.hearthLines()).anyMatch(l -> l.contains("containers and services are not supported"));
  }

  private static Map<String, Conclusion> results(RunResult result) {
    Map<String, Conclusion> map = new java.util.LinkedHashMap<>();
    result.jobs().forEach(j -> map.put(j.jobId(), j.result()));
    return map;
  }
}

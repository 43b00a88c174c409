package dev.hearth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.engine.step.JobOutcome;
import dev.hearth.testing.Behaviour;
import dev.hearth.vm.VmException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** However a run ends, cleanup ran in every VM it had, and no VM, slot or started event is left over. */
class FailurePathsTest {
  private EngineFixture engine = new EngineFixture(2);

  @AfterEach
  void clean() {
    engine.assertClean();
  }

  @Test
  void sessionReleasesVmWhenStepFails() {
    RunResult result = engine.run("1", Plans.steps("echo a", "exit 1", "echo c"));

    assertThat(result.result()).isEqualTo(Conclusion.FAILURE);
    String vm = engine.provider.vmIds().get(0);
    assertThat(engine.execs(vm)).hasSize(4); // setup, a, the failing step, cleanup
    engine.assertSetupAndCleanupBracket(vm);
  }

  @Test
  void setupFailureFailsTheRunButStillCleansUpAndReleases() {
    engine.provider.onExec(Behaviour.when(EngineFixture::isSetup, Behaviour.exitCode(2), engine.shell));

    RunResult result = engine.run("1", Plans.steps("echo a"));

    assertThat(result.result()).isEqualTo(Conclusion.FAILURE);
    String vm = engine.provider.vmIds().get(0);
    assertThat(engine.execs(vm)).hasSize(2);
    engine.assertSetupAndCleanupBracket(vm);
    assertThat(engine.events.of(RunEvent.JobStarted.class)).isEmpty();
    assertThat(engine.events.hearthLines()).anyMatch(l -> l.contains("setup script exited with 2"));
  }

  @Test
  void stepTimeoutFailsTheJobAndCleanupRuns() {
    RunResult result = engine.run("1", Plans.steps("timeout", "echo never"));

    assertThat(result.result()).isEqualTo(Conclusion.FAILURE);
    engine.assertSetupAndCleanupBracket(engine.provider.vmIds().get(0));
  }

  @Test
  void jobTimeoutCancelsTheJobAsFailedWhenTheClockPassesIt() throws Exception {
    var plan = Plans.of("""
        on: push
        jobs:
          slow:
            runs-on: ubuntu-latest
            timeout-minutes: 5
            steps: [{run: hang}]
        """);
    CompletableFuture<RunResult> run = engine.executor.submit(engine.request("1", plan).build());
    assertThat(engine.provider.awaitExecCount(2, Duration.ofSeconds(10))).isTrue();
    engine.timers.awaitArmed(1);

    engine.timers.advance(Duration.ofMinutes(4));
    assertThat(run).isNotDone();
    engine.timers.advance(Duration.ofMinutes(1));

    RunResult result = run.get();
    assertThat(result.result()).isEqualTo(Conclusion.FAILURE);
    assertThat(result.jobs()).singleElement().extracting(JobResult::result).isEqualTo(Conclusion.FAILURE);
    engine.assertSetupAndCleanupBracket(engine.provider.vmIds().get(0));
  }

  @Test
  void cancellingARunningRunCancelsItCleansUpAndReleases() throws Exception {
    RunRequest request = engine.request("1", Plans.steps("hang", "echo never")).build();
    CompletableFuture<RunResult> run = engine.executor.submit(request);
    assertThat(engine.provider.awaitExecCount(2, Duration.ofSeconds(10))).isTrue();

    request.cancellation().cancel(Cancellation.Reason.CANCELLED, "cancelled by the test");

    RunResult result = run.get();
    assertThat(result.result()).isEqualTo(Conclusion.CANCELLED);
    assertThat(result.jobs()).singleElement().extracting(JobResult::result).isEqualTo(Conclusion.CANCELLED);
    String vm = engine.provider.vmIds().get(0);
    assertThat(engine.execs(vm)).hasSize(3);
    engine.assertSetupAndCleanupBracket(vm);
  }

  @Test
  void cancellingARunWaitingForAdmissionLeavesTheQueueWithoutAVm() throws Exception {
    engine = new EngineFixture(1);
    RunRequest first = engine.request("1", Plans.steps("hang")).build();
    CompletableFuture<RunResult> running = engine.executor.submit(first);
    assertThat(engine.provider.awaitExecCount(2, Duration.ofSeconds(10))).isTrue();
    RunRequest second = engine.request("2", Plans.steps("echo 2")).build();
    CompletableFuture<RunResult> waiting = engine.executor.submit(second);
    EngineFixture.await("the second run waits", () -> engine.sessions.waiting() == 1);

    second.cancellation().cancel(Cancellation.Reason.CANCELLED, "not wanted");

    RunResult result = waiting.get();
    assertThat(result.result()).isEqualTo(Conclusion.CANCELLED);
    assertThat(result.vmIds()).isEmpty();
    assertThat(engine.provider.allocateCalls()).isEqualTo(1);
    assertThat(engine.events.of(RunEvent.RunStarted.class)).extracting(RunEvent::runId).containsExactly("1");
    first.cancellation().cancel(Cancellation.Reason.CANCELLED, "done");
    assertThat(running.get().result()).isEqualTo(Conclusion.CANCELLED);
  }

  @Test
  void allocationFailureFailsTheRunWithoutStartingIt() {
    engine.provider.failNextAllocate(new VmException("no image for ubuntu-latest"));

    RunResult result = engine.run("1", Plans.steps("echo a"));

    assertThat(result.result()).isEqualTo(Conclusion.FAILURE);
    assertThat(result.vmIds()).isEmpty();
    assertThat(engine.events.of(RunEvent.RunStarted.class)).isEmpty();
    assertThat(engine.events.hearthLines()).anyMatch(l -> l.contains("no image for ubuntu-latest"));
    assertThat(engine.run("2", Plans.steps("echo b")).result()).as("the slot was freed").isEqualTo(Conclusion.SUCCESS);
  }

  @Test
  void execFailureFailsTheStepAndCleanupStillRuns() {
    RunResult result = engine.run("1", Plans.steps("echo a", "vmfail", "echo c"));

    assertThat(result.result()).isEqualTo(Conclusion.FAILURE);
    String vm = engine.provider.vmIds().get(0);
    assertThat(engine.execs(vm)).hasSize(4);
    engine.assertSetupAndCleanupBracket(vm);
  }

  @Test
  void aVmThatCannotRunTheSetupFailsTheRunAndIsStillCleanedAndReleased() {
    engine.provider.failNextExec(new VmException("vm gone"));

    RunResult result = engine.run("1", Plans.steps("echo a"));

    assertThat(result.result()).isEqualTo(Conclusion.FAILURE);
    String vm = engine.provider.vmIds().get(0);
    assertThat(engine.execs(vm)).hasSize(2);
    engine.assertSetupAndCleanupBracket(vm);
    assertThat(engine.events.hearthLines()).anyMatch(l -> l.contains("vm gone"));
  }

  @Test
  void aJobWhoseConditionCannotBeEvaluatedFailsWithAMessage() {
    RunResult result = engine.run("1", Plans.of("""
        on: push
        jobs:
          a: {if: "fromJSON('{')", runs-on: x, steps: [{run: echo a}]}
        """));

    assertThat(result.result()).isEqualTo(Conclusion.FAILURE);
    assertThat(engine.events.hearthLines()).anyMatch(l -> l.contains("could not be prepared"));
  }

  @Test
  void releaseThatThrowsStillClosesTheSessionAndFreesTheSlot() {
    engine = new EngineFixture(1);
    engine.provider.failNextRelease(new IllegalStateException("release exploded"));

    RunResult first = engine.run("1", Plans.steps("echo a"));
    RunResult second = engine.run("2", Plans.steps("echo b"));

    assertThat(first.result()).isEqualTo(Conclusion.SUCCESS);
    assertThat(second.result()).isEqualTo(Conclusion.SUCCESS);
    assertThat(engine.events.of(RunEvent.VmReleased.class)).hasSize(2);
  }

  @Test
  void aBugInsideTheExecutorFailsTheRunAndFinishesWhatStarted() {
    LegRunner buggy = (job, vm, listener) -> {
      listener.on(new RunEvent.StepStarted(job.runId(), job.jobId(), "s1", "s1", java.time.Instant.EPOCH));
      throw new IllegalStateException("a bug");
    };
    engine = new EngineFixture(2, buggy);

    RunResult result = engine.run("1", Plans.steps("echo a"));

    assertThat(result.result()).isEqualTo(Conclusion.FAILURE);
    engine.assertSetupAndCleanupBracket(engine.provider.vmIds().get(0));
    assertThat(engine.events.of(RunEvent.StepFinished.class)).singleElement()
        .extracting(RunEvent.StepFinished::conclusion).isEqualTo(Conclusion.FAILURE);
  }

  @Test
  void anErrorThrownByTheRunnerStillEndsTheRunCleanly() {
    engine = new EngineFixture(2, (job, vm, listener) -> {
      throw new AssertionError("an error, not an exception");
    });

    RunResult result = engine.run("1", Plans.steps("echo a"));

    assertThat(result.result()).isEqualTo(Conclusion.FAILURE);
    engine.assertSetupAndCleanupBracket(engine.provider.vmIds().get(0));
  }

  @Test
  void aRunnerReturningNullOutputsDoesNotBreakTheRun() {
    engine = new EngineFixture(2, (job, vm, listener) -> new JobOutcome(Conclusion.SUCCESS, java.util.Map.of()));

    assertThat(engine.run("1", Plans.steps("echo a")).result()).isEqualTo(Conclusion.SUCCESS);
  }

  @Test
  void aListenerThatThrowsDoesNotStopTheRun() {
    var plan = Plans.steps("echo a");
    RunResult result = engine.executor.run(RunRequest.builder("1", plan).listener(e -> {
      engine.events.on(e);
      throw new IllegalStateException("listener bug");
    }).build());

    assertThat(result.result()).isEqualTo(Conclusion.SUCCESS);
  }
}

package dev.hearth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The executor with the real {@code JobRunner} ({@link LegRunner#steps}): the promise holds end to
 * end — one allocation, every command on that VM, setup first, cleanup last, exactly one exec per step.
 */
class RealStepRunnerTest {
  private EngineFixture engine;

  private EngineFixture engine() {
    if (engine == null) {
      engine = new EngineFixture(2, LegRunner::steps);
    }
    return engine;
  }

  @AfterEach
  void clean() {
    engine.assertClean();
  }

  @Test
  void everyExecOfARunIsOnItsOneVm() {
    engine().run("1", Plans.steps("echo 1", "echo 2", "echo 3"));

    assertThat(engine.provider.vmIds()).hasSize(1);
    assertThat(engine.execs(engine.provider.vmIds().get(0))).hasSize(engine.provider.execCount());
  }

  @Test
  void fiveStepsRunInOneVmBetweenSetupAndCleanup() {
    RunResult result = engine().run("1", Plans.steps("echo 1", "echo 2", "echo 3", "echo 4", "echo 5"));

    assertThat(result.result()).isEqualTo(Conclusion.SUCCESS);
    assertThat(engine.provider.allocations()).isEqualTo(1);
    String vm = engine.provider.vmIds().get(0);
    engine.assertSetupAndCleanupBracket(vm);
    assertThat(engine.events.of(RunEvent.StepFinished.class)).hasSize(5)
        .allMatch(s -> s.conclusion() == Conclusion.SUCCESS);
  }

  @Test
  void fiveStepsAreSevenExecs() {
    engine().run("1", Plans.steps("echo 1", "echo 2", "echo 3", "echo 4", "echo 5"));

    assertThat(engine.provider.execCount()).as("setup + one exec per step + cleanup").isEqualTo(7);
  }

  @Test
  void tenStepsAreTwelveExecs() {
    engine().run("1", Plans.steps(IntStream.rangeClosed(1, 10).mapToObj(i -> "echo " + i).toArray(String[]::new)));

    assertThat(engine.provider.execCount()).as("setup + one exec per step + cleanup").isEqualTo(12);
  }

  @Test
  void aFailingStepFailsTheRunAndCleanupRuns() {
    RunResult result = engine().run("1", Plans.steps("echo 1", "exit 3", "echo never"));

    assertThat(result.result()).isEqualTo(Conclusion.FAILURE);
    engine.assertSetupAndCleanupBracket(engine.provider.vmIds().get(0));
  }

  @Test
  void aJobTimeoutFailsTheRunAndTheRunnerSaysWhy() throws Exception {
    var plan = Plans.of("""
        on: push
        jobs:
          a: {runs-on: x, timeout-minutes: 2, steps: [{run: hang}]}
        """);
    var run = engine().executor.submit(engine.request("1", plan).build());
    assertThat(engine.provider.awaitExecCount(2, java.time.Duration.ofSeconds(10))).isTrue();
    engine.timers.awaitArmed(1);

    engine.timers.advance(java.time.Duration.ofMinutes(2));

    assertThat(run.get().result()).isEqualTo(Conclusion.FAILURE);
    assertThat(engine.events.of(RunEvent.LogLine.class)).extracting(RunEvent.LogLine::text)
        .filteredOn(t -> t.contains("maximum execution time of 2 minutes")).hasSize(1);
    engine.assertSetupAndCleanupBracket(engine.provider.vmIds().get(0));
  }

  @Test
  void aStepTimeoutFailsTheRun() {
    RunResult result = engine().run("1", Plans.of("""
        on: push
        jobs:
          a:
            runs-on: x
            steps: [{run: timeout, timeout-minutes: 1}, {run: echo never}]
        """));

    assertThat(result.result()).isEqualTo(Conclusion.FAILURE);
    engine.assertSetupAndCleanupBracket(engine.provider.vmIds().get(0));
  }
}
